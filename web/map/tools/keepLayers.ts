/**
 * The tools draw with their own MapLibre sources and layers (terra-draw's, all named with
 * {@link TOOL_LAYER_PREFIX}). `map.setStyle(next, { diff: true })` removes whatever `next` lacks,
 * so the map core passes {@link keepToolLayers} as the Map's `transformStyle` option to carry
 * them across restyles (layer toggles, filters, the big-screen theme).
 */
import type { StyleSpecification } from 'maplibre-gl';

/** Prefix of every source and layer id the map tools add. */
export const TOOL_LAYER_PREFIX = 'redmap-measure';

const isToolId = (id: string) => id.startsWith(`${TOOL_LAYER_PREFIX}-`);

/**
 * A MapLibre `transformStyle`: `next` plus the tools' sources and layers from `previous` (with
 * their current data), drawn on top. Ids that `next` already has are left as `next` says.
 */
export function keepToolLayers(previous: StyleSpecification | undefined, next: StyleSpecification): StyleSpecification {
  if (!previous) return next;
  const sources = Object.entries(previous.sources).filter(([id]) => isToolId(id) && !(id in next.sources));
  const nextLayerIds = new Set(next.layers.map((l) => l.id));
  const layers = previous.layers.filter((l) => isToolId(l.id) && !nextLayerIds.has(l.id));
  if (sources.length === 0 && layers.length === 0) return next;
  return {
    ...next,
    sources: { ...next.sources, ...Object.fromEntries(sources) },
    layers: [...next.layers, ...layers],
  };
}
