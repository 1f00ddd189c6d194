import type { Selection } from '../../../map/state.ts';

/** What a summary can ask of the page: open another feature, or move the map. */
export interface SummaryActions {
  onSelect: (sel: Selection) => void;
  onFlyTo: (center: [number, number], zoom?: number) => void;
}
