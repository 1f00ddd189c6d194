/**
 * deck.gl, loaded on demand: the map's own layers are MapLibre's, and deck.gl (with luma.gl 227 KiB
 * of gzipped JavaScript) is needed only for the live members' canvas and the overlays that
 * views hand in (track playback, the coverage planner). MapView imports this module lazily once
 * one of them is wanted, after the map's first load, so the prefecture view never waits for it.
 */
export { MapLibreOverlay } from '@deck.gl/maplibre';
export { LiveOverlay } from './liveOverlay.ts';
