import type { Selection } from '../../../map/state.ts';

/** A member whose track is to be played back. */
export interface TrackSubject {
  id: number;
  name: string;
}

/** What a summary can ask of the page: open another feature, move the map, play a track back. */
export interface SummaryActions {
  onSelect: (sel: Selection) => void;
  onFlyTo: (center: [number, number], zoom?: number) => void;
  /** Opens track playback for a member; without it there is no "轨迹回放" button. */
  onTrack?: (member: TrackSubject) => void;
}
