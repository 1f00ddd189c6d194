import type { Layer, PickingInfo } from '@deck.gl/core';
import { PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import {
  type BorderSegment,
  type CoverageResult,
  type CoverageSite,
  distanceColor,
  type GridCell,
  gridRadiusM,
  linePositions,
  polygonRing,
  type Recommendation,
  type WhatIfKind,
  type WhatIfPoint,
} from '../../lib/coverage.ts';
import { DECK_LAYER, STYLE_LAYER } from '../layerIds.ts';
import { rgba } from '../palette.ts';
import { CJK_FONT_FAMILY } from '../style.ts';
import type { MapTheme } from '../theme.ts';

/** Covered in green, uncovered in red: sites, border segments and the legend share these. */
export const COVERED_COLOR = '#389e0d';
export const UNCOVERED_COLOR = '#cf1322';
/** Recommended new sites: gold discs with a dark red rim and their rank. */
export const PICK_COLOR = '#faad14';
export const PICK_RIM_COLOR = '#a8071a';
/** What-if points by kind. */
export const WHAT_IF_COLOR: Record<WhatIfKind, string> = { org: '#1677ff', joint_point: '#722ed1' };

/** A text placed on the map (already in the UI language). */
export interface CoverageLabel {
  position: [number, number];
  text: string;
}

/** A recommended site as drawn: where, its rank and its gain in words. */
export interface PickMark extends CoverageLabel {
  pick: Recommendation;
}

/** What the pointer is over, for the page's tooltip. */
export type CoverageHoverTarget =
  | { kind: 'site'; site: CoverageSite }
  | { kind: 'cell'; cell: GridCell }
  | { kind: 'segment'; segment: BorderSegment }
  | { kind: 'pick'; pick: Recommendation };

export interface CoverageHover {
  target: CoverageHoverTarget;
  /** Pixel position in the map. */
  x: number;
  y: number;
}

/** Which parts of the result are drawn. */
export interface CoverageLayerSwitches {
  grid: boolean;
  sites: boolean;
  border: boolean;
  picks: boolean;
}

/** Props of {@link coverageLayers}. */
export interface CoverageLayerProps {
  result: CoverageResult;
  /** Km markers of the uncovered stretches, at their anchors on the border. @default [] */
  gapLabels?: readonly CoverageLabel[];
  /** Recommended sites with their gain labels. @default [] */
  picks?: readonly PickMark[];
  /** What-if points, drawn with the reach they are counted with. @default [] */
  whatIf?: readonly WhatIfPoint[];
  /** Metres a what-if point of each kind reaches (R for organisations, Rb for joint points). */
  reachM: Record<WhatIfKind, number>;
  /** A ring around a site the user flew to. @default null */
  focus?: [number, number] | null;
  /** @default everything on */
  show?: CoverageLayerSwitches;
  theme: MapTheme;
  /** Hovering a site, cell, segment or pick; null when the pointer leaves it. @default none */
  onHover?: (hover: CoverageHover | null) => void;
}

const ALL: CoverageLayerSwitches = { grid: true, sites: true, border: true, picks: true };

/** Covered sites first, so the uncovered (the point of the page) draw on top. */
const sitesInOrder = new WeakMap<readonly CoverageSite[], CoverageSite[]>();
function orderedSites(items: readonly CoverageSite[]): CoverageSite[] {
  let sorted = sitesInOrder.get(items);
  if (!sorted) {
    sorted = [...items].sort((a, b) => Number(b.covered === true) - Number(a.covered === true));
    sitesInOrder.set(items, sorted);
  }
  return sorted;
}

const labelText = {
  characterSet: 'auto' as const,
  fontFamily: CJK_FONT_FAMILY,
  fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
  outlineWidth: 3,
};

/**
 * The coverage result on the map, bottom to top: the hex grid coloured by distance to the nearest
 * organisation (blind cells outlined, strongly where uncovered sites lie), border segments green
 * or red with the km markers of each uncovered stretch, sites green or red, recommended sites as
 * numbered gold discs with their gain, and what-if points with the circle they reach.
 */
export function coverageLayers({
  result,
  gapLabels = [],
  picks = [],
  whatIf = [],
  reachM,
  focus = null,
  show = ALL,
  theme,
  onHover,
}: CoverageLayerProps): Layer[] {
  const radiusM = gridRadiusM(result);
  const hover =
    <T>(wrap: (object: T) => CoverageHoverTarget) =>
    (info: PickingInfo<T>) =>
      onHover?.(info.object ? { target: wrap(info.object), x: info.x, y: info.y } : null);
  const grid = new PolygonLayer<GridCell>({
    id: DECK_LAYER.coverageGrid,
    data: result.grid.items,
    visible: show.grid,
    pickable: true,
    stroked: true,
    filled: true,
    getPolygon: (c) => polygonRing(c.geometry),
    getFillColor: (c) => [...distanceColor(c.nearestOrgM, radiusM), c.blind ? 150 : 110],
    getLineColor: (c) =>
      !c.blind ? [0, 0, 0, 0] : c.uncoveredSites > 0 ? rgba(PICK_RIM_COLOR, 230) : rgba(PICK_RIM_COLOR, 40),
    getLineWidth: (c) => (c.blind && c.uncoveredSites > 0 ? 2 : 1),
    lineWidthUnits: 'pixels',
    updateTriggers: { getFillColor: radiusM },
    onHover: hover<GridCell>((cell) => ({ kind: 'cell', cell })),
  });
  return [
    // A tint of the base map: under the zones, county lines, labels and organisations (MapView
    // honours a layer's own beforeId).
    grid.clone({ beforeId: STYLE_LAYER.zonesFill } as Partial<typeof grid.props>),
    new PathLayer<BorderSegment>({
      id: DECK_LAYER.coverageBorder,
      data: result.border.segments,
      visible: show.border,
      pickable: true,
      getPath: (s) => linePositions(s.geometry),
      getColor: (s) => rgba(s.covered === true ? COVERED_COLOR : UNCOVERED_COLOR),
      getWidth: (s) => (s.covered === true ? 3 : 6),
      widthUnits: 'pixels',
      capRounded: true,
      jointRounded: true,
      onHover: hover<BorderSegment>((segment) => ({ kind: 'segment', segment })),
    }),
    new TextLayer<CoverageLabel>({
      id: DECK_LAYER.coverageGapLabels,
      data: gapLabels as CoverageLabel[],
      visible: show.border,
      getPosition: (l) => l.position,
      getText: (l) => l.text,
      getSize: 13,
      getColor: rgba(UNCOVERED_COLOR),
      getPixelOffset: [0, -18],
      getAlignmentBaseline: 'bottom',
      outlineColor: theme.pointLabelHalo,
      ...labelText,
    }),
    new ScatterplotLayer<CoverageSite>({
      id: DECK_LAYER.coverageSites,
      data: orderedSites(result.sites.items),
      visible: show.sites,
      pickable: true,
      stroked: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (s) => [s.lon, s.lat],
      getRadius: (s) => (s.covered === true ? 4 : 5.5),
      getFillColor: (s) => rgba(s.covered === true ? COVERED_COLOR : UNCOVERED_COLOR),
      getLineColor: [255, 255, 255, 255],
      getLineWidth: 1,
      onHover: hover<CoverageSite>((site) => ({ kind: 'site', site })),
    }),
    new ScatterplotLayer<[number, number]>({
      id: DECK_LAYER.coverageFocus,
      data: focus ? [focus] : [],
      stroked: true,
      filled: false,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (p) => p,
      getRadius: 13,
      getLineColor: rgba(PICK_RIM_COLOR),
      getLineWidth: 3,
    }),
    new ScatterplotLayer<PickMark>({
      id: DECK_LAYER.coveragePicks,
      data: picks as PickMark[],
      visible: show.picks,
      pickable: true,
      stroked: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (p) => p.position,
      getRadius: 12,
      getFillColor: rgba(PICK_COLOR),
      getLineColor: rgba(PICK_RIM_COLOR),
      getLineWidth: 2,
      onHover: hover<PickMark>((mark) => ({ kind: 'pick', pick: mark.pick })),
    }),
    new TextLayer<PickMark>({
      id: DECK_LAYER.coveragePickRanks,
      data: picks as PickMark[],
      visible: show.picks,
      getPosition: (p) => p.position,
      getText: (p) => String(p.pick.rank),
      getSize: 14,
      fontWeight: 700,
      getColor: rgba(PICK_RIM_COLOR),
      outlineColor: [255, 255, 255, 0],
      ...labelText,
      outlineWidth: 0,
    }),
    new TextLayer<PickMark>({
      id: DECK_LAYER.coveragePickLabels,
      data: picks as PickMark[],
      visible: show.picks,
      getPosition: (p) => p.position,
      getText: (p) => p.text,
      getSize: 12,
      getColor: theme.pointLabel,
      getPixelOffset: [0, 16],
      getAlignmentBaseline: 'top',
      outlineColor: theme.pointLabelHalo,
      ...labelText,
    }),
    new ScatterplotLayer<WhatIfPoint>({
      id: DECK_LAYER.coverageWhatIfReach,
      data: whatIf as WhatIfPoint[],
      stroked: true,
      radiusUnits: 'meters',
      lineWidthUnits: 'pixels',
      getPosition: (p) => [p.lon, p.lat],
      getRadius: (p) => reachM[p.kind],
      getFillColor: (p) => rgba(WHAT_IF_COLOR[p.kind], 28),
      getLineColor: (p) => rgba(WHAT_IF_COLOR[p.kind], 200),
      getLineWidth: 1.5,
      updateTriggers: { getRadius: [reachM.org, reachM.joint_point] },
    }),
    new ScatterplotLayer<WhatIfPoint>({
      id: DECK_LAYER.coverageWhatIf,
      data: whatIf as WhatIfPoint[],
      stroked: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (p) => [p.lon, p.lat],
      getRadius: 7,
      getFillColor: (p) => rgba(WHAT_IF_COLOR[p.kind]),
      getLineColor: [255, 255, 255, 255],
      getLineWidth: 2,
    }),
  ];
}
