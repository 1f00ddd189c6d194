import type { InferResponseType } from 'hono/client';
import { useCallback, useEffect, useState } from 'react';
import { api, unwrap } from '../lib/api.ts';

/** One hit of `GET /api/search`, typed from the server's route (`SearchResult` in api/search/routes.ts). */
export type SearchResult = InferResponseType<typeof api.search.$get, 200>['results'][number];

/** What a result names: an organisation, zone, joint point, site, member or county. */
export type SearchResultKind = SearchResult['kind'];

/** Quiet time after the last keystroke before the server is asked. */
export const SEARCH_DEBOUNCE_MS = 250;
/** Results asked for; the server allows up to 100, a dropdown shows fewer usefully. */
export const SEARCH_LIMIT = 20;

/**
 * Where a search stands. `results` are those of `query` (the text last sent); while a newer text
 * loads, the previous results stay so the list does not flicker on every keystroke.
 */
export type SearchState =
  | { status: 'idle'; query: ''; results: [] }
  | { status: 'loading' | 'success'; query: string; results: SearchResult[] }
  | { status: 'error'; query: string; results: []; error: unknown };

const IDLE: SearchState = { status: 'idle', query: '', results: [] };

/**
 * Searches by name as the user types: waits {@link SEARCH_DEBOUNCE_MS} after the last change and
 * aborts the request of any older text, so answers can never arrive out of order.
 */
export function useSearch(text: string, limit = SEARCH_LIMIT): SearchState & { retry: () => void } {
  const q = text.trim();
  const [state, setState] = useState<SearchState>(IDLE);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the same search on retry.
  useEffect(() => {
    if (q === '') {
      setState(IDLE);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState((s) =>
        s.status === 'success' || s.status === 'loading'
          ? { ...s, status: 'loading' }
          : { status: 'loading', query: q, results: [] },
      );
      unwrap(api.search.$get({ query: { q, limit: String(limit) } }, { init: { signal: controller.signal } })).then(
        (body) => {
          if (!controller.signal.aborted) setState({ status: 'success', query: q, results: body.results });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ status: 'error', query: q, results: [], error });
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, limit, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
