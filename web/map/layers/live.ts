import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { LiveFrame } from '../../lib/liveStore.ts';
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

/** Radius in pixels of a live dot, and of the selected member's. */
export const LIVE_RADIUS = 6;
export const LIVE_SELECTED_RADIUS = 8;
/** Opacity factor of members outside the county filter (the veil the tiles lie under). */
const OUTSIDE_COUNTY = 0.3;

/** Props of {@link liveLayers}. */
export interface LiveLayerProps {
  /** The live store's current frame (lib/liveStore.ts). */
  frame: LiveFrame;
  theme: MapTheme;
  /** Current zoom: names appear from {@link LIVE_LABEL_ZOOM}. */
  zoom: number;
  /** Member to highlight (the drawer's member). @default null */
  selectedId?: number | null;
  /**
   * Whether a member's organisation lies outside the county filter: those are dimmed, as the
   * county veil dims everything else there. @default none dimmed
   */
  outside?: ((orgId: number) => boolean) | null;
  /** How fixes fade with age. @default DEFAULT_FADE */
  fade?: LiveFade;
  /** @default true */
  visible?: boolean;
}

/** From this zoom live members carry their name. */
export const LIVE_LABEL_ZOOM = 13;

const LIVE_RGB = rgba(LIVE_COLOR);
const SELECTED_RGB = rgba(ORG_KIND_COLOR.committee);

/** Per-fix colours and radii of a frame, as deck.gl attributes. */
export interface LiveAttributes {
  fill: Uint8Array;
  line: Uint8Array;
  radius: Float32Array;
  /** Label colour alpha, 0..255, per fix. */
  alpha: Uint8Array;
}

/**
 * Colours and radii for every fix of `frame`: fading with age against `frame.now`, dimmed outside
 * the county, the selected member larger and in Party red. O(n) typed-array writes, once per frame.
 */
export function liveAttributes(
  frame: LiveFrame,
  selectedId: number | null,
  outside: ((orgId: number) => boolean) | null,
  fade: LiveFade = DEFAULT_FADE,
): LiveAttributes {
  const n = frame.length;
  const fill = new Uint8Array(4 * n);
  const line = new Uint8Array(4 * n);
  const radius = new Float32Array(n);
  const alpha = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = frame.fixes[i] as LivePosition;
    const selected = p.memberId === selectedId;
    const dim = !selected && outside?.(p.orgId) ? OUTSIDE_COUNTY : 1;
    const a = Math.round(255 * dim * liveOpacity(frame.now - (frame.times[i] ?? 0), fade));
    const [r, g, b] = selected ? SELECTED_RGB : LIVE_RGB;
    fill.set([r, g, b, a], 4 * i);
    line.set([255, 255, 255, a], 4 * i);
    radius[i] = selected ? LIVE_SELECTED_RADIUS : LIVE_RADIUS;
    alpha[i] = a;
  }
  return { fill, line, radius, alpha };
}

// The layers are rebuilt on every frame and on zoom; the attributes only when their inputs change.
let cached: {
  key: [LiveFrame, number | null, LiveLayerProps['outside'], LiveFade];
  value: LiveAttributes;
} | null = null;
function attributesOf(frame: LiveFrame, selectedId: number | null, outside: LiveLayerProps['outside'], fade: LiveFade) {
  const key: [LiveFrame, number | null, LiveLayerProps['outside'], LiveFade] = [frame, selectedId, outside, fade];
  if (!cached || cached.key.some((k, i) => k !== key[i])) {
    cached = { key, value: liveAttributes(frame, selectedId, outside ?? null, fade) };
  }
  return cached.value;
}

/**
 * Members moving live (from the SSE stream): bright green dots with a white rim that jump to each
 * new fix (no animation: a transition would redraw the map every frame) and fade as the fix grows
 * old; names from {@link LIVE_LABEL_ZOOM}. The dots are binary attributes straight from the
 * store's typed arrays, so a frame of 1,000 fixes is an upload, not 1,000 accessor calls. Picked
 * by index: `frame.fixes[info.index]` (picking.ts).
 */
export function liveLayers({
  frame,
  theme,
  zoom,
  selectedId = null,
  outside = null,
  fade = DEFAULT_FADE,
  visible = true,
}: LiveLayerProps): Layer[] {
  const attrs = attributesOf(frame, selectedId, outside, fade);
  const labelled = visible && zoom >= LIVE_LABEL_ZOOM;
  const dots = new ScatterplotLayer({
    id: DECK_LAYER.live,
    data: {
      length: frame.length,
      attributes: {
        getPosition: { value: frame.positions, size: 2 },
        getFillColor: { value: attrs.fill, size: 4, normalized: true },
        getLineColor: { value: attrs.line, size: 4, normalized: true },
        getRadius: { value: attrs.radius, size: 1 },
      },
    },
    visible,
    pickable: true,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
  });
  // No names layer at all below the label zoom: even an empty one would compile deck.gl's text
  // shaders, a few hundred milliseconds on a software renderer.
  if (!labelled) return [dots];
  return [
    dots,
    new TextLayer<LivePosition>({
      id: DECK_LAYER.liveLabels,
      data: frame.fixes as LivePosition[],
      getPosition: (p) => [p.lon, p.lat],
      getText: (p) => p.name,
      getSize: 12,
      getColor: (_p, { index }) => {
        const [r, g, b] = theme.pointLabel;
        return [r, g, b, attrs.alpha[index] ?? 255];
      },
      getPixelOffset: [0, 10],
      getAlignmentBaseline: 'top',
      characterSet: 'auto',
      fontFamily: CJK_FONT_FAMILY,
      fontSettings: LABEL_FONT,
      outlineWidth: 3,
      outlineColor: theme.pointLabelHalo,
      updateTriggers: { getColor: [frame.version, selectedId, theme.name] },
    }),
  ];
}

const LABEL_FONT = { sdf: true, fontSize: 48, buffer: 6 };
