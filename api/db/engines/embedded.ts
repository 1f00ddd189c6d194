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

/** Extended-query messages that leave a sequence open until its Sync (Parse, Bind, Describe, Execute, Close, Flush). */
const OPENS_SEQUENCE = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

/**
 * pglite-socket queues each protocol message of each connection separately, and lets another
 * connection's messages in between unless a transaction is open. With the extended protocol (every
 * query with parameters) that interleaves two connections' Parse/Bind/Execute on the one backend,
 * and one clobbers the other's unnamed statement ("portal "" does not exist"). The queue keeps to
 * one connection while `isInTransaction()` is true, so this view of the database says true from a
 * connection's first extended-query message until its Sync as well.
 */
function keepSequencesTogether(db: PGlite): PGlite {
  let open = false;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'isInTransaction') return () => open || target.isInTransaction();
      if (prop === 'execProtocolRawStream') {
        return (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
          open = OPENS_SEQUENCE.has(message[0] ?? 0);
          return target.execProtocolRawStream(message, options);
        };
      }
      if (prop === 'exec') {
        // The queue rolls back after a connection that left mid-transaction; its sequence ends too.
        return (...args: Parameters<PGlite['exec']>) => {
          open = false;
          return target.exec(...args);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Embedded PostGIS: PGlite (PostgreSQL compiled to WASM) with PostGIS and ltree, persisted under
 * `dataDir` (or in memory for `memory://`), served on a loopback port so the same `pg` code runs.
 */
export async function startEmbedded(dataDir: string): Promise<Engine> {
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : path.join(dataDir, 'pglite');
  if (!inMemory) mkdirSync(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir, extensions: { postgis, ltree } });
  const server = new PGLiteSocketServer({
    db: keepSequencesTogether(db),
    host: '127.0.0.1',
    port: 0,
    maxConnections: MAX_CONNECTIONS,
  });
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
