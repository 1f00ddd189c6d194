import type { Engine } from '../database.ts';

/** A real PostgreSQL + PostGIS server reached through `DATABASE_URL`. */
export function serverEngine(databaseUrl: string, max = 16, statementTimeoutMs = 0): Engine {
  // Named (prepared) statements, used for tiles, are planned for their actual parameters each
  // time: a generic plan cannot know the tile's bounds or the caller's subtree. No JIT: our
  // queries run for milliseconds, and an overestimated tile query spent 165 ms of its 188 ms
  // compiling (measured, z 11 sites on the 1M dataset).
  const poolConfig = {
    connectionString: databaseUrl,
    max,
    // A statement timeout keeps one request from holding a connection (and its locks) for long;
    // 0 (tools, bulk loads) means none.
    options: `-c plan_cache_mode=force_custom_plan -c jit=off -c statement_timeout=${statementTimeoutMs}`,
  };
  return { kind: 'postgres', poolConfig, sharedConfig: poolConfig, async close() {} };
}
