import { api, ensureOk } from '../lib/api.ts';
import { type JointPoint, jointPointsFrom } from '../lib/features.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/** The joint-building points in the caller's scope (`GET /api/joint-points`). */
export function useJointPoints(): AsyncResult<JointPoint[]> {
  return useAsync(async (signal) => {
    const res = await ensureOk(api['joint-points'].$get({ query: {} }, { init: { signal } }));
    return jointPointsFrom(await res.json());
  }, []);
}
