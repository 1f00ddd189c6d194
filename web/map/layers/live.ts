import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { LivePosition } from '../../lib/positions.ts';
import { DECK_LAYER } from '../layerIds.ts';
import { LIVE_COLOR, ORG_KIND_COLOR, rgba } from '../palette.ts';
import { CJK_FONT_FAMILY } from '../style.ts';
import type { MapTheme } from '../theme.ts';

/** How a live fix fades with age. */
export interface LiveFade {
  /** Fully opaque while the fix is at most this old. */
  fullMs: number;
  /** At this age (and after) the fix is drawn at `minOpacity`. */
  fadedMs: number;
  /** Opacity of a fix `fadedMs` old or older, 0..1. */
  minOpacity: number;
}

/** Opaque for 2 minutes, then fading linearly to a quarter at 30 minutes (the stream's window). */
export const DEFAULT_FADE: LiveFade = { fullMs: 2 * 60_000, fadedMs: 30 * 60_000, minOpacity: 0.25 };

/**
 * Opacity (0..1) of a fix `ageMs` old. A fix "from the future" (a terminal clock ahead of ours)
 * counts as fresh.
 */
export function liveOpacity(ageMs: number, fade: LiveFade = DEFAULT_FADE): number {
  const { fullMs, fadedMs, minOpacity } = fade;
  if (!(ageMs > fullMs)) return 1;
  if (ageMs >= fadedMs) return minOpacity;
  return 1 - ((1 - minOpacity) * (ageMs - fullMs)) / (fadedMs - fullMs);
}

/** Props of {@link liveLayers}. */
export interface LiveLayerProps {
  /** Latest fix per device, in a stable order (see `animate`). */
  positions: readonly LivePosition[];
  /** The clock the fixes' ages are measured against, ms since the epoch. */
  now: number;
  theme: MapTheme;
  /** Current zoom: names appear from {@link LIVE_LABEL_ZOOM}. */
  zoom: number;
  /** Member to highlight (the drawer's member). @default null */
  selectedId?: number | null;
  /**
   * Animate moves from the previous positions. deck.gl interpolates by index, so this must be off
   * when the last change moved devices to other indices (one left the list). @default true
   */
  animate?: boolean;
  /** Duration of a move's animation in ms, about the stream's interval. @default 1000 */
  transitionMs?: number;
  /** How fixes fade with age. @default DEFAULT_FADE */
  fade?: LiveFade;
  /** @default true */
  visible?: boolean;
}

/** From this zoom live members carry their name. */
export const LIVE_LABEL_ZOOM = 13;

const LIVE_RGB = rgba(LIVE_COLOR);
const SELECTED_RGB = rgba(ORG_KIND_COLOR.committee);

const age = (p: LivePosition, now: number) => now - Date.parse(p.time);

/**
 * Members moving live (from the SSE stream): bright green dots with a white rim that glide to each
 * new fix and fade as the fix grows old; names from {@link LIVE_LABEL_ZOOM}. Pickable: a click
 * selects the member like the member tiles do (picking.ts).
 */
export function liveLayers({
  positions,
  now,
  theme,
  zoom,
  selectedId = null,
  animate = true,
  transitionMs = 1000,
  fade = DEFAULT_FADE,
  visible = true,
}: LiveLayerProps): Layer[] {
  const transitions = animate ? { getPosition: { duration: transitionMs } } : {};
  const alpha = (p: LivePosition) => Math.round(255 * liveOpacity(age(p, now), fade));
  const fadeKey = `${now}:${fade.fullMs}:${fade.fadedMs}:${fade.minOpacity}`;
  return [
    new ScatterplotLayer<LivePosition>({
      id: DECK_LAYER.live,
      data: positions as LivePosition[],
      visible,
      pickable: true,
      stroked: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (p) => [p.lon, p.lat],
      getRadius: (p) => (p.memberId === selectedId ? 8 : 6),
      getFillColor: (p) => {
        const [r, g, b] = p.memberId === selectedId ? SELECTED_RGB : LIVE_RGB;
        return [r, g, b, alpha(p)];
      },
      getLineColor: (p) => [255, 255, 255, alpha(p)],
      getLineWidth: 2,
      transitions,
      updateTriggers: {
        getRadius: selectedId,
        getFillColor: [fadeKey, selectedId],
        getLineColor: fadeKey,
      },
    }),
    new TextLayer<LivePosition>({
      id: DECK_LAYER.liveLabels,
      data: positions as LivePosition[],
      visible: visible && zoom >= LIVE_LABEL_ZOOM,
      getPosition: (p) => [p.lon, p.lat],
      getText: (p) => p.name,
      getSize: 12,
      getColor: (p) => {
        const [r, g, b] = theme.pointLabel;
        return [r, g, b, alpha(p)];
      },
      getPixelOffset: [0, 10],
      getAlignmentBaseline: 'top',
      characterSet: 'auto',
      fontFamily: CJK_FONT_FAMILY,
      fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
      outlineWidth: 3,
      outlineColor: theme.pointLabelHalo,
      transitions,
      updateTriggers: { getColor: [fadeKey, theme.name] },
    }),
  ];
}
