import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../api/db/database.ts';

// The embedded engine keeps its data in DATA_DIR across restarts, and migrations re-run as no-ops.
describe('embedded engine restart', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'redmap-persist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps written rows and re-applies no migration', async () => {
    const first = await openDatabase({ dataDir: dir });
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
