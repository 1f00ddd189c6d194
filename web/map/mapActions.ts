import type { MapState, Selection } from './state.ts';

/**
 * Pure state changes behind the page's map actions (select, fly, search pick), so the page stays
 * wiring and these stay testable.
 */

/** Zoom at least this far in when flying to a single point. */
export const POINT_ZOOM = 12;

/** A camera that shows a bounding box, e.g. from `map.cameraForBounds`. */
export type FitCamera = (bbox: [number, number, number, number]) => { center: [number, number]; zoom: number } | null;

/** Selects a feature (or clears with null); the camera stays. */
export function withSelection(state: MapState, selection: Selection | null): MapState {
  return { ...state, selection };
}

/** Moves the camera; without a zoom, zooms in to at least {@link POINT_ZOOM}. */
export function withCamera(state: MapState, center: [number, number], zoom?: number): MapState {
  return { ...state, center, zoom: zoom ?? Math.max(state.zoom, POINT_ZOOM) };
}

/** Selects a feature and flies to it when its position is known. */
export function withFeature(state: MapState, selection: Selection, position: [number, number] | null): MapState {
  const selected = withSelection(state, selection);
  return position ? withCamera(selected, position) : selected;
}

/** What a search result carries (web/hooks/useSearch.ts). */
export interface PickedResult {
  kind: Selection['kind'] | 'county';
  id: number;
  center: [number, number] | null;
  bbox: [number, number, number, number] | null;
}

/**
 * A search pick: a county becomes the county filter; anything else is selected. The camera fits
 * the bbox when there is one (areas), else flies to the centre.
 */
export function withSearchResult(state: MapState, result: PickedResult, fitBounds: FitCamera): MapState {
  const next: MapState =
    result.kind === 'county'
      ? { ...state, filters: { ...state.filters, county: String(result.id).padStart(6, '0') } }
      : withSelection(state, { kind: result.kind, id: result.id });
  const camera = result.bbox ? fitBounds(result.bbox) : null;
  if (camera) return withCamera(next, camera.center, camera.zoom);
  return result.center ? withCamera(next, result.center) : next;
}
