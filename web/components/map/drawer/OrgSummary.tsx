import type { OrgFeature } from '../../../hooks/useFeatureDetail.ts';
import { useLeads } from '../../../hooks/useRole.ts';
import { useI18n } from '../../../i18n/context.ts';
import { labelOf } from '../../../i18n/labels.ts';
import { termStatus } from '../../../lib/orgs.ts';
import { KindBadge } from '../../KindBadge.tsx';
import { Link, portraitPath } from '../../Link.tsx';
import { StarRating } from '../../StarRating.tsx';
import { locateTarget } from '../featureFacts.ts';
import type { SummaryActions } from './actions.ts';
import { DemoNote, type Fact, Facts, FeatureLink, LocateButton } from './Facts.tsx';

/** Props of {@link OrgSummary}. */
export interface OrgSummaryProps extends SummaryActions {
  feature: OrgFeature;
}

/** The facts of one organisation (支部画像 in brief); its member list follows in the drawer. */
export function OrgSummary({ feature, onSelect, onFlyTo }: OrgSummaryProps) {
  const { t, formatNumber, formatDate } = useI18n();
  const leads = useLeads();
  const { data: org, parentOpenable } = feature;
  const none = t('panels.drawer.none');
  const target = locateTarget(org.geometry);
  const term = termStatus(org.termEnd);
  const count = (n: number) => t('panels.drawer.count', { n: formatNumber(n) });
  const people = (n: number) => t('panels.drawer.people', { n: formatNumber(n) });

  const parent =
    org.parentId !== null && org.parentName && parentOpenable ? (
      <FeatureLink onClick={() => org.parentId !== null && onSelect({ kind: 'org', id: org.parentId })}>
        {org.parentName}
      </FeatureLink>
    ) : (
      // Outside the caller's scope: named, since the name is public, but not a way in.
      (org.parentName ?? none)
    );

  const termText =
    org.termStart && org.termEnd
      ? t('panels.drawer.range', { from: formatDate(org.termStart), to: formatDate(org.termEnd) })
      : org.termEnd
        ? formatDate(org.termEnd)
        : none;

  return (
    <>
      {org.isDemo && <DemoNote />}
      <Facts
        facts={[
          [t('panels.org.kind'), <KindBadge key="k" kind={org.kind} />],
          [t('panels.org.category'), labelOf(t, 'category', org.category)],
          [t('panels.org.star'), <StarRating key="s" star={org.star} showUnrated />],
          [t('panels.org.county'), org.countyName ?? none],
          [t('panels.org.parent'), parent],
          // Party members (正式 + 预备), the same count as the tree and the big screen; the roll
          // below also lists candidates and activists, who are not Party members yet.
          [t('panels.org.members'), people(org.memberCount)],
          [t('panels.org.subtreeMembers'), people(org.subtreeMemberCount)],
          ...(org.subtreeRollCount > org.subtreeMemberCount
            ? [[t('panels.org.nonParty'), people(org.subtreeRollCount - org.subtreeMemberCount)] as Fact]
            : []),
          [t('panels.org.children'), count(org.childCount)],
          [t('panels.org.zones'), count(org.zoneCount)],
          [t('panels.org.jointPoints'), count(org.jointPointCount)],
          [
            t('panels.org.term'),
            <span key="term">
              {termText}
              {term === 'due' && <span className="flag flag--warn">{t('panels.org.termDue')}</span>}
              {term === 'overdue' && <span className="flag flag--alert">{t('panels.org.termOverdue')}</span>}
            </span>,
          ],
        ]}
      />
      <div className="drawer-actions">
        {leads && (
          <Link href={portraitPath('org', org.id)} className="button button--primary">
            {t('portrait.open')}
          </Link>
        )}
        {target && <LocateButton name={org.name} onClick={() => onFlyTo(target.center, target.zoom)} />}
      </div>
    </>
  );
}
