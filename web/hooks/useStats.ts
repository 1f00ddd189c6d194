import type { InferResponseType } from 'hono/client';
import { useEffect } from 'react';
import { api, unwrap } from '../lib/api.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** Headline counts of `GET /api/stats`, each with the scope it is counted over, typed from the server's route. */
export type Stats = InferResponseType<typeof api.stats.$get, 200>;

/** The caller's scope and its extent (`GET /api/stats/scope`): where the map opens. */
export type Scope = InferResponseType<typeof api.stats.scope.$get, 200>;

/** How often the big screen refreshes its numbers. */
export const STATS_REFRESH_MS = 60_000;

/** The caller's headline counts, reloaded every {@link STATS_REFRESH_MS} while mounted. */
export function useStats(refreshMs = STATS_REFRESH_MS): AsyncResult<Stats> {
  const result = useAsync((signal) => unwrap(api.stats.$get(undefined, { init: { signal } })), []);
  const { reload } = result;
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload, refreshMs]);
  return result;
}

/** The caller's scope, loaded once (it changes only with the account). */
export function useScope(): AsyncResult<Scope> {
  return useAsync((signal) => unwrap(api.stats.scope.$get(undefined, { init: { signal } })), []);
}
