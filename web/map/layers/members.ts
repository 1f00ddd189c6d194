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
  /** @default true */
  visible?: boolean;
}

/** Radius in pixels of an aggregated cell of `count` members. */
export function memberCellRadius(count: number): number {
  return Math.min(20, 3.5 + 1.8 * Math.sqrt(count));
}

/** Cells with fewer members than this show no number (it would not fit). */
const COUNT_LABEL_MIN = 10;

type MemberFeature = Feature<Geometry, MemberTileProps>;

const isCell = (f: MemberFeature) => f.properties.cluster === true || f.properties.count !== undefined;

/**
 * Members' latest BeiDou positions from the scoped `members` vector tiles (same-origin cookie):
 * single members as small blue dots, aggregated cells as discs sized by count with the number.
 */
export function memberLayer({ origin, selectedId = null, visible = true }: MemberLayerProps) {
  return new MVTLayer<MemberTileProps>({
    id: DECK_LAYER.members,
    data: `${origin}/tiles/members/{z}/{x}/{y}`,
    loaders: [MVTLoader],
    loadOptions: { worker: false, fetch: { credentials: 'same-origin' } },
    binary: false,
    minZoom: 0,
    maxZoom: 16,
    visible,
    pickable: true,
    pointType: 'circle+text',
    stroked: true,
    pointRadiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPointRadius: (f: MemberFeature) => (isCell(f) ? memberCellRadius(f.properties.count ?? 1) : 4.5),
    getFillColor: (f: MemberFeature) =>
      f.properties.id !== undefined && f.properties.id === selectedId
        ? rgba(ORG_KIND_COLOR.committee)
        : rgba(MEMBER_COLOR, isCell(f) ? 170 : 240),
    getLineColor: [255, 255, 255, 230],
    getLineWidth: 1.5,
    getText: (f: MemberFeature) =>
      isCell(f) && (f.properties.count ?? 0) >= COUNT_LABEL_MIN ? String(f.properties.count) : '',
    getTextSize: 10,
    getTextColor: [255, 255, 255, 255],
    textCharacterSet: '0123456789',
    textFontFamily: CJK_FONT_FAMILY,
    textFontWeight: 600,
    updateTriggers: { getFillColor: selectedId },
  });
}
