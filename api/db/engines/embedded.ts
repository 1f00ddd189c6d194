import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { PoolConfig } from 'pg';
import type { Engine } from '../database.ts';

/** Socket connections accepted; PGlite runs one backend and queues their queries. */
const MAX_CONNECTIONS = 32;
/** Connections in the server's own pool; more would only queue inside PGlite. */
const POOL_SIZE = 8;

/**
 * Embedded PostGIS: PGlite (PostgreSQL compiled to WASM) with PostGIS and ltree, persisted under
 * `dataDir` (or in memory for `memory://`), served on a loopback port so the same `pg` code runs.
 */
export async function startEmbedded(dataDir: string): Promise<Engine> {
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : path.join(dataDir, 'pglite');
  if (!inMemory) mkdirSync(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir, extensions: { postgis, ltree } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS });
  await server.start();
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  const poolConfig: PoolConfig = {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    max: POOL_SIZE,
  };
  return {
    kind: 'embedded',
    poolConfig,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
