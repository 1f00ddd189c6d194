import { useCallback, useEffect, useState } from 'react';

/** Changes to the query string: a value sets a parameter, null removes it. */
export type QueryChanges = Record<string, string | null>;

/**
 * The page's query string as state, so a page's choices (organisation, filters, tab) live in its
 * URL and can be shared. Changes replace the history entry (no entry per filter change); going
 * back or forward reads the URL again.
 */
export function useQueryParams(): [URLSearchParams, (changes: QueryChanges) => void] {
  const [search, setSearch] = useState(() => window.location.search);
  useEffect(() => {
    const onPop = () => setSearch(window.location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const update = useCallback((changes: QueryChanges) => {
    const params = new URLSearchParams(window.location.search);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null || value === '') params.delete(name);
      else params.set(name, value);
    }
    const query = params.toString();
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
    setSearch(window.location.search);
  }, []);
  return [new URLSearchParams(search), update];
}

/** A positive integer id from a query parameter, or null. */
export function idParam(value: string | null): number | null {
  if (value === null || !/^\d{1,15}$/.test(value)) return null;
  const id = Number(value);
  return id > 0 ? id : null;
}

/** `value` when it is one of `allowed`, else null (a hand-edited URL cannot inject a filter). */
export function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}
