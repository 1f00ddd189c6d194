// `npm run bench -- <name>`: benchmarks against the PostgreSQL/PostGIS server of DATABASE_URL.
// Each benchmark measures our code against a baseline in the same run and prints the ratio.
import { benchCoverage } from '../../api/coverage/bench.ts';
import { benchIngest } from '../../api/devices/bench.ts';
import { benchPortraits } from '../../api/portraits/bench.ts';
import { benchTiles } from '../../tiles/bench.ts';
import { benchFirstLoad } from './first-load.ts';
import { benchLive } from './live.ts';

const benches: Record<string, (databaseUrl: string) => Promise<void>> = {
  tiles: benchTiles,
  ingest: benchIngest,
  portraits: benchPortraits,
  coverage: benchCoverage,
};
/** Benchmarks of the browser, which run on the embedded engine when DATABASE_URL is unset. */
const anyEngine: Record<string, (databaseUrl: string | undefined) => Promise<void>> = {
  live: benchLive,
  'first-load': benchFirstLoad,
};

const name = process.argv[2] ?? '';
const databaseUrl = process.env.DATABASE_URL;
const flexible = anyEngine[name];
const run = benches[name];
if (flexible) {
  await flexible(databaseUrl || undefined);
} else if (!run) {
  console.error(`usage: npm run bench -- <${[...Object.keys(benches), ...Object.keys(anyEngine)].join('|')}>`);
  process.exit(2);
} else if (!databaseUrl) {
  console.error('benchmarks need DATABASE_URL: a PostgreSQL/PostGIS server (the figures are about it)');
  process.exit(2);
} else {
  await run(databaseUrl);
}
