// `npm run bench -- <name>`: benchmarks against the PostgreSQL/PostGIS server of DATABASE_URL.
// Each benchmark measures our code against a baseline in the same run and prints the ratio.
import { benchCoverage } from '../../api/coverage/bench.ts';
import { benchIngest } from '../../api/devices/bench.ts';
import { benchPortraits } from '../../api/portraits/bench.ts';
import { benchTiles } from '../../tiles/bench.ts';

const benches: Record<string, (databaseUrl: string) => Promise<void>> = {
  tiles: benchTiles,
  ingest: benchIngest,
  portraits: benchPortraits,
  coverage: benchCoverage,
};

const name = process.argv[2] ?? '';
const run = benches[name];
if (!run) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('benchmarks need DATABASE_URL: a PostgreSQL/PostGIS server (the figures are about it)');
  process.exit(2);
}
await run(databaseUrl);
