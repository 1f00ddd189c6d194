import { useMemo } from 'react';
import { type ContextLabels, contextLabelPoints } from '../map/contextLabels.ts';
import { DEFAULT_STATE } from '../map/state.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** Where context areas are labelled: a box around the prefecture, wide enough for its neighbours. */
const [lon, lat] = DEFAULT_STATE.center;
export const LABEL_REGION: [number, number, number, number] = [lon - 5, lat - 3.2, lon + 5, lat + 3.2];

/**
 * Label points of the base-map context (`/tiles/context.geojson`, the file the style draws too,
 * so the browser's cache serves the second read), one per area; null until loaded.
 */
export function useContextLabels(): ContextLabels | null {
  const result: AsyncResult<unknown> = useAsync(async (signal) => {
    const res = await fetch('/tiles/context.geojson', { signal, credentials: 'same-origin' });
    if (!res.ok) throw new Error(`context.geojson: HTTP ${res.status}`);
    return res.json();
  }, []);
  const body = result.status === 'success' ? result.data : null;
  return useMemo(() => (body ? contextLabelPoints(body, LABEL_REGION) : null), [body]);
}
