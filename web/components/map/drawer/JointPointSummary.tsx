import type { JointPointDetail } from '../../../hooks/useFeatureDetail.ts';
import { useI18n } from '../../../i18n/context.ts';
import { locateTarget } from '../featureFacts.ts';
import { panelLabel } from '../panelLabels.ts';
import type { SummaryActions } from './actions.ts';
import { DrawerSection, Facts, FeatureLink, LocateButton } from './Facts.tsx';

/** A joint-building point (党建联建共建点): where, since when, how near the border, with whom. */
export function JointPointSummary({ point, onSelect, onFlyTo }: SummaryActions & { point: JointPointDetail }) {
  const { t, formatNumber, formatDate } = useI18n();
  const none = t('panels.drawer.none');
  const target = locateTarget(point.geometry);

  return (
    <>
      <Facts
        facts={[
          [t('panels.joint.county'), point.countyName],
          [t('panels.joint.established'), point.established ? formatDate(point.established) : none],
          [
            t('panels.joint.borderDistance'),
            point.borderDistanceKm === null ? none : t('panels.joint.km', { n: formatNumber(point.borderDistanceKm) }),
          ],
          ...(point.description ? [[t('panels.joint.description'), point.description] as [string, string]] : []),
        ]}
      />
      {target && <LocateButton name={point.name} onClick={() => onFlyTo(target.center, target.zoom)} />}
      <DrawerSection title={t('panels.joint.partners')} empty={none}>
        {(point.partners ?? []).map((p) => (
          <li key={p.name}>
            <span className="drawer-section__tag">{panelLabel(t, 'partnerKind', p.kind)}</span>
            {p.name}
          </li>
        ))}
      </DrawerSection>
      <DrawerSection title={t('panels.joint.orgs')} empty={none}>
        {(point.orgs ?? []).map((o) => (
          <li key={o.id}>
            <FeatureLink onClick={() => onSelect({ kind: 'org', id: o.id })}>{o.name}</FeatureLink>
          </li>
        ))}
      </DrawerSection>
    </>
  );
}
