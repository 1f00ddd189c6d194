import type { Engine } from '../database.ts';

/** A real PostgreSQL + PostGIS server reached through `DATABASE_URL`. */
export function serverEngine(databaseUrl: string, max = 16): Engine {
  return {
    kind: 'postgres',
    poolConfig: { connectionString: databaseUrl, max },
    async close() {},
  };
}
