import { type AreaQueryRequest, type AreaQueryResponse, areaQuery } from '../lib/positions.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/**
 * Who was inside an area between two instants, or `null` while nothing is asked. A new request
 * aborts the previous one; `reload` asks the same again (fixes keep arriving).
 */
export function useAreaQuery(request: AreaQueryRequest | null): AsyncResult<AreaQueryResponse | null> {
  return useAsync(async (signal) => (request ? areaQuery(request, signal) : null), [request]);
}
