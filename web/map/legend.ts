import { legendEntries, type SwatchShape } from '../components/map/Legend.tsx';
import type { Translate } from '../i18n/context.ts';
import { THEMATIC_LAYERS, type ThematicLayer } from './state.ts';
import type { LegendItem } from './tools/legend.ts';

const SHAPE: Record<SwatchShape, LegendItem['shape']> = { point: 'circle', area: 'fill', line: 'line' };

/**
 * The legend of what is drawn, for the exported picture: the layer panel's legend rows (one source
 * for labels and colours) of the thematic layers switched on, in drawing-panel order.
 */
export function legendItems(t: Translate, layers: readonly ThematicLayer[]): LegendItem[] {
  return THEMATIC_LAYERS.filter((l) => layers.includes(l)).flatMap((layer) =>
    legendEntries(t, layer).map((e) => ({ label: e.label, color: e.color, shape: SHAPE[e.shape] })),
  );
}
