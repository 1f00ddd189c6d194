import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../api/db/database.ts';
import { loadDataIfEmpty } from '../../geodata/demo/load.ts';

// The embedded engine keeps its data in DATA_DIR across restarts, and migrations re-run as no-ops.
// It also covers a start without demo data.
describe('embedded engine restart', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'redmap-persist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps written rows and re-applies no migration', async () => {
    const first = await openDatabase({ dataDir: dir });
    // DEMO_DATA=false: the geography only, no organisations or accounts.
    expect(await loadDataIfEmpty(first.pool, { demo: false })).toBeNull();
    const counts = await first.pool.query(
      `SELECT (SELECT count(*) FROM admin_area)::int AS areas, (SELECT count(*) FROM border)::int AS border,
              (SELECT count(*) FROM org)::int AS orgs, (SELECT count(*) FROM app_user)::int AS users`,
    );
    expect(counts.rows[0]).toMatchObject({ areas: 9, orgs: 0, users: 0 });
    expect(counts.rows[0].border).toBeGreaterThan(250);
    await first.pool.query(`INSERT INTO dataset_meta (key, value) VALUES ('restart-check', '{"n": 1}')`);
    const applied = await first.pool.query('SELECT count(*)::int AS n FROM pgmigrations');
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    try {
      const { rows } = await second.pool.query(`SELECT value FROM dataset_meta WHERE key = 'restart-check'`);
      expect(rows[0]?.value).toEqual({ n: 1 });
      const again = await second.pool.query('SELECT count(*)::int AS n FROM pgmigrations');
      expect(again.rows[0].n).toBe(applied.rows[0].n);
    } finally {
      await second.close();
    }
  });
});
