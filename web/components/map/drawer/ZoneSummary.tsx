import type { ZoneDetail } from '../../../hooks/useFeatureDetail.ts';
import { useI18n } from '../../../i18n/context.ts';
import { ZONE_KIND_COLOR } from '../../../map/palette.ts';
import { ZONE_KINDS, type ZoneKind } from '../../../map/state.ts';
import { locateTarget, validityState } from '../featureFacts.ts';
import { Swatch } from '../Legend.tsx';
import { panelLabel } from '../panelLabels.ts';
import type { SummaryActions } from './actions.ts';
import { DrawerSection, Facts, FeatureLink, LocateButton } from './Facts.tsx';

const isZoneKind = (k: string): k is ZoneKind => (ZONE_KINDS as readonly string[]).includes(k);

/**
 * A responsibility zone (党员责任区): owner, area, validity and the members on duty there. The
 * count is everyone assigned (`memberCount`); the list holds those the caller may see, so a
 * member reads "责任党员（4 名）", their own name if assigned, and how many more there are.
 */
export function ZoneSummary({ zone, onSelect, onFlyTo }: SummaryActions & { zone: ZoneDetail }) {
  const { t, formatNumber, formatDate } = useI18n();
  const none = t('panels.drawer.none');
  const target = locateTarget(zone.geometry);
  const state = validityState(zone.validFrom, zone.validTo);
  const hidden = Math.max(0, zone.memberCount - zone.members.length);
  const hiddenNote = t('panels.zone.membersHidden', { n: formatNumber(hidden) });
  const validity = zone.validFrom
    ? zone.validTo
      ? t('panels.drawer.range', { from: formatDate(zone.validFrom), to: formatDate(zone.validTo) })
      : t('panels.drawer.openEnded', { from: formatDate(zone.validFrom) })
    : none;

  return (
    <>
      <Facts
        facts={[
          [
            t('panels.zone.kind'),
            <span key="k" className="drawer-kind">
              {isZoneKind(zone.kind) && <Swatch shape="area" color={ZONE_KIND_COLOR[zone.kind]} />}
              {panelLabel(t, 'zoneKind', zone.kind)}
            </span>,
          ],
          [
            t('panels.zone.owner'),
            <FeatureLink key="o" onClick={() => onSelect({ kind: 'org', id: zone.orgId })}>
              {zone.orgName}
            </FeatureLink>,
          ],
          [t('panels.zone.area'), t('panels.zone.areaValue', { n: formatNumber(zone.areaKm2) })],
          [
            t('panels.zone.validity'),
            <span key="v">
              {validity}
              {state === 'active' ? (
                <span className="flag flag--ok">{t('panels.zone.active')}</span>
              ) : (
                <span className="flag flag--warn">
                  {t(state === 'expired' ? 'panels.zone.expired' : 'panels.zone.pending')}
                </span>
              )}
            </span>,
          ],
        ]}
      />
      {target && <LocateButton name={zone.name} onClick={() => onFlyTo(target.center, target.zoom)} />}
      <DrawerSection
        title={t('panels.zone.members', { n: formatNumber(zone.memberCount) })}
        empty={zone.memberCount === 0 ? t('panels.zone.membersEmpty') : hiddenNote}
      >
        {zone.members.map((m) => (
          <li key={m.id}>
            <FeatureLink onClick={() => onSelect({ kind: 'member', id: m.id })}>{m.name}</FeatureLink>
            {m.duty === 'leader' && <span className="flag flag--info">{t('panels.zone.leader')}</span>}
          </li>
        ))}
      </DrawerSection>
      {hidden > 0 && zone.members.length > 0 && <p className="drawer-section__empty">{hiddenNote}</p>}
    </>
  );
}
