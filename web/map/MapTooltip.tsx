import { panelLabel } from '../components/map/panelLabels.ts';
import { type Translate, useI18n } from '../i18n/context.ts';
import { labelOf } from '../i18n/labels.ts';
import type { MapHit } from './picking.ts';

/** The kind line of a tooltip: the org kind, zone kind, site kind, or what the thing is. */
export function hitKindLabel(t: Translate, hit: MapHit & { type: 'feature' }): string {
  const { kind } = hit.selection;
  const sub = hit.subKind;
  if (kind === 'org') return sub ? labelOf(t, 'kind', sub) : panelLabel(t, 'resultKind', 'org');
  if (kind === 'zone') return sub ? panelLabel(t, 'zoneKind', sub) : panelLabel(t, 'resultKind', 'zone');
  if (kind === 'site') return sub ? panelLabel(t, 'siteKind', sub) : panelLabel(t, 'resultKind', 'site');
  if (kind === 'joint_point') return t('map.tooltip.jointPoint');
  if (hit.fixTime !== undefined) return `${panelLabel(t, 'resultKind', 'member')} · ${fixAgeText(t, hit.fixTime)}`;
  return t('map.tooltip.member');
}

/** How old a live fix is: "刚刚定位" under a minute, then whole minutes. */
export function fixAgeText(t: Translate, fixTime: string, now: number = Date.now()): string {
  const minutes = Math.floor((now - Date.parse(fixTime)) / 60_000);
  return Number.isFinite(minutes) && minutes >= 1
    ? t('live.tooltip.minutes', { n: minutes })
    : t('live.tooltip.justNow');
}

/** Props of {@link MapTooltip}. */
export interface MapTooltipProps {
  hit: MapHit;
  /** Pointer position in map pixels. */
  x: number;
  y: number;
}

/**
 * Name and kind of what is under the pointer. Decorative for assistive technology: the same
 * facts are in the drawer a click opens, and in the tree and search, which are keyboard-reachable.
 */
export function MapTooltip({ hit, x, y }: MapTooltipProps) {
  const { t, formatNumber } = useI18n();
  return (
    <div className="map-tooltip" style={{ transform: `translate(${x + 14}px, ${y + 14}px)` }} aria-hidden="true">
      {hit.type === 'feature' ? (
        <>
          <strong className="map-tooltip__name">{hit.name}</strong>
          <span className="map-tooltip__kind">{hitKindLabel(t, hit)}</span>
        </>
      ) : (
        <span className="map-tooltip__name">{t(`map.tooltip.${hit.layer}`, { n: formatNumber(hit.count) })}</span>
      )}
    </div>
  );
}
