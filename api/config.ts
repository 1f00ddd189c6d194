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
  /** Where clients reach the server (e.g. https://redmap.example.cn), for absolute links; else relative. */
  publicUrl: string | undefined;
  /** Where the device listeners listen (terminals are usually on another network than browsers). */
  deviceHost: string;
  /** JT/T 808 TCP port; 0 turns the listener off. */
  jt808Port: number;
  /** NMEA 0183 TCP port; 0 turns the listener off. */
  nmeaPort: number;
  /** Register unknown JT/T 808 terminals (unbound until an administrator binds them). */
  jt808AutoRegister: boolean;
  /** Addresses and subnets that may connect to the NMEA port (empty: any, each still needs its secret). */
  nmeaAllow: string[];
  /** A device connection without a good message for this long is closed. */
  deviceIdleSeconds: number;
  /** Months of positions kept (older monthly partitions are dropped). */
  positionRetentionMonths: number;
  /** Longest an SQL statement of the server may run on a PostgreSQL server, in ms (0: no limit). */
  statementTimeoutMs: number;
  /** Where warning changes are POSTed (signed); unset: no webhook, no outbox rows. */
  warningWebhookUrl: string | undefined;
  /** The HMAC-SHA256 key of the webhook's signature; required with the URL. */
  warningWebhookSecret: string | undefined;
  /**
   * A PMTiles base-map archive of the site's area (roads, rivers, villages) drawn under our layers;
   * unset: the offline base map of boundaries and the border only (tiles/README.md § Base map).
   */
  basemapPmtiles: string | undefined;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** The webhook URL and its secret: both or neither, and the URL over http(s). */
function webhookFrom(env: NodeJS.ProcessEnv): { url: string | undefined; secret: string | undefined } {
  const url = env.WARNING_WEBHOOK_URL || undefined;
  const secret = env.WARNING_WEBHOOK_SECRET || undefined;
  if (url === undefined) return { url, secret };
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error(`WARNING_WEBHOOK_URL must be an http(s) URL, got "${url}"`);
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new Error(`WARNING_WEBHOOK_URL must be an http(s) URL, got "${url}"`);
  }
  // Unsigned deliveries could be forged by anyone who can reach the receiver: refuse to start.
  if (secret === undefined) throw new Error('WARNING_WEBHOOK_URL is set but WARNING_WEBHOOK_SECRET is not');
  return { url, secret };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const webhook = webhookFrom(env);
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
    publicUrl: env.PUBLIC_URL || undefined,
    deviceHost: env.DEVICE_HOST || env.HOST || '127.0.0.1',
    jt808Port: intFrom(env, 'JT808_PORT', 7808),
    nmeaPort: intFrom(env, 'NMEA_PORT', 7809),
    jt808AutoRegister: env.JT808_AUTO_REGISTER === 'true',
    nmeaAllow: (env.NMEA_ALLOW ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    deviceIdleSeconds: intFrom(env, 'DEVICE_IDLE_SECONDS', 180),
    positionRetentionMonths: Math.max(1, intFrom(env, 'POSITION_RETENTION_MONTHS', 12)),
    statementTimeoutMs: intFrom(env, 'STATEMENT_TIMEOUT_MS', 30_000),
    warningWebhookUrl: webhook.url,
    warningWebhookSecret: webhook.secret,
    basemapPmtiles: env.BASEMAP_PMTILES ? path.resolve(env.BASEMAP_PMTILES) : undefined,
  };
}
