// A benchmark's server: the real app on DATABASE_URL with the configured statement timeout and
// tile cache (TILE_CACHE_MB=0 turns it off), in a process of its own so the load generator does not
// share its event loop. Prints its port on stdout (see child.ts).
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { openDatabase } from '../../api/db/database.ts';

const config = loadConfig();
const db = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: '',
  statementTimeoutMs: config.statementTimeoutMs,
});
const app = createApp({
  pool: db.pool,
  engine: db.engine,
  capabilities: db.capabilities,
  sessionHours: 1,
  secureCookies: false,
  tileCacheBytes: config.tileCacheMb * 1024 * 1024,
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
server.once('listening', () => console.log(`port ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => void db.close().then(() => process.exit(0))));
