import { DEFAULT_STATE, type MapFilters, type MapState, THEMATIC_LAYERS, type ThematicLayer } from '../../map/state.ts';

/**
 * Adds or removes `value` and keeps the list in `order`, so the same choice always gives the same
 * list (and the same shared URL) whatever order the user clicked in.
 */
export function toggleIn<T>(list: readonly T[], value: T, on: boolean, order: readonly T[]): T[] {
  const chosen = new Set(list);
  if (on) chosen.add(value);
  else chosen.delete(value);
  return order.filter((v) => chosen.has(v));
}

/** Shows or hides one thematic layer. */
export function setLayer(state: MapState, layer: ThematicLayer, on: boolean): MapState {
  return { ...state, layers: toggleIn(state.layers, layer, on, THEMATIC_LAYERS) };
}

/** Replaces some filters, keeping the rest of the state. */
export function setFilters(state: MapState, patch: Partial<MapFilters>): MapState {
  return { ...state, filters: { ...state.filters, ...patch } };
}

/** Layers and filters back to the defaults; the view, the selection and big-screen mode stay. */
export function resetLayersAndFilters(state: MapState): MapState {
  return { ...state, layers: [...DEFAULT_STATE.layers], filters: structuredClone(DEFAULT_STATE.filters) };
}

/** How many filters narrow the map (county, org kinds, stars, zone kinds each count once). */
export function activeFilterCount(filters: MapFilters): number {
  return (
    (filters.county ? 1 : 0) +
    (filters.orgKinds.length > 0 ? 1 : 0) +
    (filters.stars.length > 0 ? 1 : 0) +
    (filters.zoneKinds.length > 0 ? 1 : 0)
  );
}

/** Whether the layers and filters are already the defaults (then "reset" has nothing to do). */
export function isDefaultLayersAndFilters(state: MapState): boolean {
  const d = DEFAULT_STATE;
  return state.layers.join() === d.layers.join() && activeFilterCount(state.filters) === 0;
}
