import { MVTLayer } from '@deck.gl/geo-layers';
// The main-thread MVT parser: deck.gl's default MVTWorkerLoader would fetch its worker script from
// unpkg.com, and no request may leave the machine.
import { MVTLoader } from '@loaders.gl/mvt';
import type { Feature, Geometry } from 'geojson';
import { DECK_LAYER } from '../layerIds.ts';
import { MEMBER_COLOR, ORG_KIND_COLOR, rgba } from '../palette.ts';
import { CJK_FONT_FAMILY } from '../style.ts';

/** Properties of a `members` tile feature: a member's last fix, or an aggregated cell (below z 12). */
export interface MemberTileProps {
  id?: number;
  name?: string;
  orgId?: number;
  time?: string;
  count?: number;
  cluster?: boolean;
}

/** Props of {@link memberLayer}. */
export interface MemberLayerProps {
  /** Origin of the tile server (`location.origin`). */
  origin: string;
  /** Member id to ring. @default null */
  selectedId?: number | null;
  /**
   * Members drawn by the live layer, whose latest-fix dot is left out (not drawn, not picked),
   * and a number that changes whenever the set does. @default none
   */
  hidden?: HiddenMembers;
  /** @default true */
  visible?: boolean;
}

/** Members the tiles must not draw, and a version that changes with the set (deck.gl compares it). */
export interface HiddenMembers {
  ids: ReadonlySet<number>;
  version: number;
}

const NONE_HIDDEN: HiddenMembers = { ids: new Set(), version: 0 };

/** Radius in pixels of an aggregated cell of `count` members. */
export function memberCellRadius(count: number): number {
  return Math.min(20, 3.5 + 1.8 * Math.sqrt(count));
}

/** Radius in pixels of a single member's dot. */
export const MEMBER_RADIUS = 4.5;

/** Cells with fewer members than this show no number (it would not fit). */
const COUNT_LABEL_MIN = 10;

type MemberFeature = Feature<Geometry, MemberTileProps>;

const isCell = (f: MemberFeature) => f.properties.cluster === true || f.properties.count !== undefined;

// Constant props: a new object on each rebuild would make every tile lay its features out again.
const LOADERS = [MVTLoader];
const LOAD_OPTIONS = { worker: false, fetch: { credentials: 'same-origin' } };
const LINE_COLOR: [number, number, number, number] = [255, 255, 255, 230];
const TEXT_COLOR: [number, number, number, number] = [255, 255, 255, 255];

/**
 * Members' latest BeiDou positions from the scoped `members` vector tiles (same-origin cookie):
 * single members as small blue dots, aggregated cells as discs sized by count with the number.
 */
export function memberLayer({ origin, selectedId = null, hidden = NONE_HIDDEN, visible = true }: MemberLayerProps) {
  // A live member's tile dot shrinks to nothing: no fragment is drawn, so none is picked either.
  const shown = (f: MemberFeature) => f.properties.id === undefined || !hidden.ids.has(f.properties.id);
  return new MVTLayer<MemberTileProps>({
    id: DECK_LAYER.members,
    data: `${origin}/tiles/members/{z}/{x}/{y}`,
    loaders: LOADERS,
    loadOptions: LOAD_OPTIONS,
    binary: false,
    minZoom: 0,
    maxZoom: 16,
    visible,
    pickable: true,
    pointType: 'circle+text',
    stroked: true,
    pointRadiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPointRadius: (f: MemberFeature) =>
      isCell(f) ? memberCellRadius(f.properties.count ?? 1) : shown(f) ? MEMBER_RADIUS : 0,
    getFillColor: (f: MemberFeature) =>
      f.properties.id !== undefined && f.properties.id === selectedId
        ? rgba(ORG_KIND_COLOR.committee)
        : rgba(MEMBER_COLOR, isCell(f) ? 170 : 240),
    getLineColor: LINE_COLOR,
    getLineWidth: (f: MemberFeature) => (shown(f) ? 1.5 : 0),
    getText: (f: MemberFeature) =>
      isCell(f) && (f.properties.count ?? 0) >= COUNT_LABEL_MIN ? String(f.properties.count) : '',
    getTextSize: 10,
    getTextColor: TEXT_COLOR,
    textCharacterSet: '0123456789',
    textFontFamily: CJK_FONT_FAMILY,
    textFontWeight: 600,
    updateTriggers: {
      getFillColor: selectedId,
      getPointRadius: hidden.version,
      getLineWidth: hidden.version,
    },
  });
}
