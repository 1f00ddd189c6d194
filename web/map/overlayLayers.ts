import type { Layer } from '@deck.gl/core';
import { createContext, useContext, useEffect } from 'react';

/**
 * How views mounted over the map (MapView's children, such as track playback) add deck.gl layers
 * without MapView knowing them: each owner hands its layers in under its own key, and MapView
 * draws them above its own, in the owners' order of arrival.
 */
export type SetOverlayLayers = (owner: string, layers: readonly Layer[] | null) => void;

/** Provided by MapView; null outside a map. */
export const OverlayLayersContext = createContext<SetOverlayLayers | null>(null);

/** Draws `layers` on the map under `owner` while mounted; null (or unmounting) removes them. */
export function useOverlayLayers(owner: string, layers: readonly Layer[] | null): void {
  const set = useContext(OverlayLayersContext);
  useEffect(() => {
    set?.(owner, layers);
  }, [set, owner, layers]);
  useEffect(() => () => set?.(owner, null), [set, owner]);
}

/** The owners' layers as one list, for the overlay. */
export function mergeOverlayLayers(byOwner: ReadonlyMap<string, readonly Layer[]>): Layer[] {
  return [...byOwner.values()].flat();
}
