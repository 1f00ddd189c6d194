import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { type Capabilities, type Database, openDatabase } from '../../api/db/database.ts';
import { loadDataIfEmpty } from '../../geodata/demo/load.ts';

/** The fixed reference day of the test dataset, so date-dependent figures never drift. */
export const TEST_AS_OF = '2026-10-31';

export interface TestDatabase {
  engine: 'embedded' | 'postgres';
  capabilities: Capabilities;
  /** How a test worker reaches it (the embedded engine's password-protected loopback port). */
  poolConfig: pg.PoolConfig;
}

declare module 'vitest' {
  export interface ProvidedContext {
    databases: TestDatabase[];
  }
}

/**
 * Loads the demo dataset once per engine for the whole run: an in-memory embedded PostGIS always,
 * and a fresh database on the server named by TEST_DATABASE_URL when set (required under CI=true).
 */
export default async function setup(project: TestProject) {
  const opened: { db: Database; drop?: () => Promise<void> }[] = [];
  const provided: TestDatabase[] = [];

  const embedded = await openDatabase({ dataDir: 'memory://', shareEmbedded: true });
  opened.push({ db: embedded });
  await loadDataIfEmpty(embedded.pool, { asOf: TEST_AS_OF });
  provided.push({ engine: 'embedded', capabilities: embedded.capabilities, poolConfig: sharedConfigOf(embedded) });

  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl && process.env.CI === 'true') {
    throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL/PostGIS server tests cannot run');
  }
  if (serverUrl) {
    const name = `redmap_test_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const server = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    await loadDataIfEmpty(server.pool, { asOf: TEST_AS_OF });
    opened.push({
      db: server,
      drop: async () => {
        const c = new pg.Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    });
    provided.push({
      engine: 'postgres',
      capabilities: server.capabilities,
      poolConfig: { connectionString: url.toString(), max: 8 },
    });
  }

  project.provide('databases', provided);
  return async () => {
    for (const { db, drop } of opened.reverse()) {
      await db.close();
      await drop?.();
    }
  };
}

function sharedConfigOf(db: Database): pg.PoolConfig {
  if (!db.sharedConfig) throw new Error('the embedded engine was opened without a shared port');
  const { host, port, user, database, password } = db.sharedConfig;
  return { host, port, user, database, password, max: 4 };
}
