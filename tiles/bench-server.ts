// The tile benchmark's server: the real app on DATABASE_URL, in a process of its own so the load
// generator does not share its event loop. TILE_CACHE_MB=0 turns its tile cache off. Prints its
// port on stdout.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../api/app.ts';
import { loadConfig } from '../api/config.ts';
import { openDatabase } from '../api/db/database.ts';

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '' });
const tileCacheBytes = loadConfig().tileCacheMb * 1024 * 1024;
const app = createApp({
  pool: db.pool,
  engine: db.engine,
  capabilities: db.capabilities,
  sessionHours: 1,
  secureCookies: false,
  tileCacheBytes,
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
server.once('listening', () => console.log(`port ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => void db.close().then(() => process.exit(0))));
