import type { Translate } from '../../i18n/context.ts';
import { labelOf } from '../../i18n/labels.ts';
import {
  BORDER_COLOR,
  COUNTY_LINE_COLOR,
  JOINT_POINT_COLOR,
  LIVE_COLOR,
  MEMBER_COLOR,
  ORG_KIND_COLOR,
  SITE_KIND_COLOR,
  ZONE_KIND_COLOR,
} from '../../map/palette.ts';
import { ORG_KINDS, SITE_KINDS, type ThematicLayer, ZONE_KINDS } from '../../map/state.ts';
import { panelLabel } from './panelLabels.ts';

/** How a legend entry is drawn: a dot for points, a tinted square for areas, a stroke for lines. */
export type SwatchShape = 'point' | 'area' | 'line';

/** One row of a layer's legend. */
export interface LegendEntry {
  shape: SwatchShape;
  color: string;
  label: string;
}

/** The legend rows of a layer, coloured from the shared palette the map layers use. */
export function legendEntries(t: Translate, layer: ThematicLayer): LegendEntry[] {
  switch (layer) {
    case 'admin':
      return [{ shape: 'line', color: COUNTY_LINE_COLOR, label: t('panels.legend.countyLine') }];
    case 'border':
      return [{ shape: 'line', color: BORDER_COLOR, label: t('panels.legend.border') }];
    case 'orgs':
      return ORG_KINDS.map((k) => ({ shape: 'point', color: ORG_KIND_COLOR[k], label: labelOf(t, 'kind', k) }));
    case 'zones':
      return ZONE_KINDS.map((k) => ({ shape: 'area', color: ZONE_KIND_COLOR[k], label: panelLabel(t, 'zoneKind', k) }));
    case 'joint_points':
      return [{ shape: 'point', color: JOINT_POINT_COLOR, label: t('panels.legend.jointPoint') }];
    case 'sites':
      return SITE_KINDS.map((k) => ({
        shape: 'point',
        color: SITE_KIND_COLOR[k],
        label: panelLabel(t, 'siteKind', k),
      }));
    case 'members':
      return [{ shape: 'point', color: MEMBER_COLOR, label: t('panels.legend.member') }];
    case 'live':
      // The faded swatch at the opacity an old fix ends at (map/layers/live.ts DEFAULT_FADE).
      return [
        { shape: 'point', color: LIVE_COLOR, label: t('live.legend.fresh') },
        { shape: 'point', color: `${LIVE_COLOR}40`, label: t('live.legend.stale') },
      ];
  }
}

/** A colour sample; decorative, the text beside it says what it means. */
export function Swatch({ shape, color }: { shape: SwatchShape; color: string }) {
  const style =
    shape === 'line'
      ? { borderTopColor: color }
      : shape === 'area'
        ? { backgroundColor: `${color}40`, borderColor: color }
        : { backgroundColor: color };
  return <span className={`swatch swatch--${shape}`} style={style} aria-hidden="true" />;
}

/** Props of {@link Legend}. */
export interface LegendProps {
  entries: LegendEntry[];
  /** Accessible name of the list, e.g. "党组织图例". */
  label: string;
  /** Dimmed while its layer is hidden. */
  muted?: boolean;
}

/** A layer's legend: swatch and meaning per kind. */
export function Legend({ entries, label, muted = false }: LegendProps) {
  return (
    <ul className={`legend${muted ? ' legend--muted' : ''}`} aria-label={label}>
      {entries.map((e) => (
        <li key={e.label} className="legend__item">
          <Swatch shape={e.shape} color={e.color} />
          <span>{e.label}</span>
        </li>
      ))}
    </ul>
  );
}
