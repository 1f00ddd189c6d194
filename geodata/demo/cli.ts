// `npm run demo -- [--scale N] [--seed S]`: loads the demo dataset into the database of
// DATABASE_URL (or the embedded one in DATA_DIR) when empty, and with --scale appends
// N members, N/10 organisations and N sites for benchmarks (COPY; needs DATABASE_URL).
import { parseArgs } from 'node:util';
import { loadConfig } from '../../api/config.ts';
import { openDatabase } from '../../api/db/database.ts';
import { DEMO_SEED, loadDataIfEmpty, readGeodata } from './load.ts';
import { loadScale } from './scale.ts';

const { values } = parseArgs({
  options: { scale: { type: 'string' }, seed: { type: 'string' } },
});
const scale = values.scale === undefined ? 0 : Number(values.scale);
if (!Number.isInteger(scale) || scale < 0) throw new Error('--scale takes a whole number of members');
const config = loadConfig();
if (scale > 0 && !config.databaseUrl) {
  console.error('--scale needs DATABASE_URL: large datasets are for a PostgreSQL/PostGIS server');
  process.exit(2);
}
// Bulk loads (--scale) run for minutes: no statement timeout here.
const db = await openDatabase({ ...config, statementTimeoutMs: 0 });
try {
  const loaded = await loadDataIfEmpty(db.pool);
  console.log(
    loaded
      ? `demo dataset loaded: ${loaded.orgs} organisations, ${loaded.members} members`
      : 'demo dataset already present',
  );
  if (scale > 0) {
    const started = Date.now();
    const client = await db.pool.connect();
    try {
      await loadScale(client, {
        members: scale,
        seed: Number(values.seed ?? DEMO_SEED),
        counties: readGeodata().counties,
      });
    } finally {
      client.release();
    }
    console.log(`scale data loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
} finally {
  await db.close();
}
