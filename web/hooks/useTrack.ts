import { fetchTrack, type TrackQuery } from '../lib/positions.ts';
import { type PlaybackTrack, toPlaybackTrack } from '../map/trackPlayback.ts';
import { type AsyncResult, useAsync } from './useAsync.ts';

/**
 * A member's track between two instants, ready to play (numeric times), or `null` while no range
 * is asked for. A new range aborts the load of the previous one.
 */
export function useTrack(query: TrackQuery | null): AsyncResult<PlaybackTrack | null> {
  const memberId = query?.memberId ?? null;
  const from = query?.from ?? null;
  const to = query?.to ?? null;
  return useAsync(
    async (signal) =>
      memberId === null || from === null || to === null
        ? null
        : toPlaybackTrack(await fetchTrack({ memberId, from, to }, signal)),
    [memberId, from, to],
  );
}
