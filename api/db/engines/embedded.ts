import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Engine } from '../database.ts';
import { PgliteWire } from './pglite-wire.ts';

/** Connections in the server's own pool; more would only queue for the one backend. */
const POOL_SIZE = 8;

export interface EmbeddedOptions {
  /** Also serve other processes of this user on a loopback port, with the per-start password (test workers). */
  listen?: boolean;
}

/**
 * Embedded PostGIS: PGlite (PostgreSQL compiled to WASM) with PostGIS and ltree, persisted under
 * `dataDir` (or in memory for `memory://`). The pool reaches it in-process through `PgliteWire`:
 * no port is open unless `listen` asks for one.
 */
export async function startEmbedded(dataDir: string, options: EmbeddedOptions = {}): Promise<Engine> {
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : path.join(dataDir, 'pglite');
  if (!inMemory) mkdirSync(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir, extensions: { postgis, ltree } });
  // One backend serves every connection, so a session setting is a setting of the engine. As on
  // the server engine, prepared statements are planned for their actual parameters.
  await db.exec('SET plan_cache_mode = force_custom_plan');
  const wire = await PgliteWire.start(db);
  const login = { user: 'postgres', database: 'postgres', password: wire.password };
  const port = options.listen ? await wire.listen() : undefined;
  return {
    kind: 'embedded',
    poolConfig: { ...login, stream: () => wire.socket(), max: POOL_SIZE },
    sharedConfig: port === undefined ? undefined : { ...login, host: '127.0.0.1', port, max: POOL_SIZE },
    async close() {
      await wire.close();
      await db.close();
    },
  };
}
