import type { Engine } from '../database.ts';

/** A real PostgreSQL + PostGIS server reached through `DATABASE_URL`. */
export function serverEngine(databaseUrl: string, max = 16): Engine {
  return {
    kind: 'postgres',
    // Named (prepared) statements, used for tiles, are planned for their actual parameters each
    // time: a generic plan cannot know the tile's bounds or the caller's subtree.
    poolConfig: { connectionString: databaseUrl, max, options: '-c plan_cache_mode=force_custom_plan' },
    async close() {},
  };
}
