import path from 'node:path';

/** Runtime settings, all from environment variables with documented defaults (README § Configuration). */
export interface Config {
  host: string;
  port: number;
  /** A real PostgreSQL + PostGIS server; when unset the embedded PGlite engine runs. */
  databaseUrl: string | undefined;
  /** Where the embedded engine keeps its files. */
  dataDir: string;
  /** Load the demo dataset into an empty database. */
  demo: boolean;
  /** Session lifetime in hours. */
  sessionHours: number;
  /** Mark the session cookie Secure (set when served over HTTPS). */
  secureCookies: boolean;
  /** Built web app served at `/`. */
  webDir: string;
  /** Memory for cached vector tiles, in MiB; 0 turns the cache off. */
  tileCacheMb: number;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || '127.0.0.1',
    port: intFrom(env, 'PORT', 8080),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    demo: env.DEMO_DATA !== 'false',
    sessionHours: intFrom(env, 'SESSION_HOURS', 12),
    secureCookies: env.SECURE_COOKIES === 'true',
    webDir: path.resolve(env.WEB_DIR || 'dist/web'),
    tileCacheMb: intFrom(env, 'TILE_CACHE_MB', 64),
  };
}
