import type { ReactNode } from 'react';
import { useI18n } from '../i18n/context.ts';
import { labelOf } from '../i18n/labels.ts';
import { type OrgDetail, termStatus } from '../lib/orgs.ts';
import { KindBadge } from './KindBadge.tsx';
import { StarRating } from './StarRating.tsx';

/** Props of {@link OrgDetails}. */
export interface OrgDetailsProps {
  org: OrgDetail;
  /** Selects another organisation (the parent link). */
  onSelect: (id: number) => void;
}

/** The facts of one organisation as a description list; the portrait (支部画像) will grow from here. */
export function OrgDetails({ org, onSelect }: OrgDetailsProps) {
  const { t, formatNumber, formatDate } = useI18n();
  const none = t('details.none');
  const term = termStatus(org.termEnd);

  const rows: [label: string, value: ReactNode][] = [
    [t('details.kind'), <KindBadge key="k" kind={org.kind} />],
    [t('details.category'), labelOf(t, 'category', org.category)],
    [
      t('details.parent'),
      org.parentId !== null && org.parentName ? (
        <button
          key="p"
          type="button"
          className="link-button"
          onClick={() => org.parentId !== null && onSelect(org.parentId)}
        >
          {org.parentName}
        </button>
      ) : (
        none
      ),
    ],
    [t('details.county'), org.countyName ?? none],
    [t('details.star'), <StarRating key="s" star={org.star} showUnrated />],
    [t('details.members'), t('details.people', { n: formatNumber(org.memberCount) })],
    [t('details.subtreeMembers'), t('details.people', { n: formatNumber(org.subtreeMemberCount) })],
    [t('details.children'), t('details.count', { n: formatNumber(org.childCount) })],
    [t('details.zones'), t('details.count', { n: formatNumber(org.zoneCount) })],
    [t('details.jointPoints'), t('details.count', { n: formatNumber(org.jointPointCount) })],
    [t('details.standardised'), t(org.standardised ? 'details.standardisedYes' : 'details.standardisedNo')],
    [
      t('details.termEnd'),
      org.termEnd ? (
        <span key="te">
          {formatDate(org.termEnd)}
          {term === 'due' && <span className="flag flag--warn">{t('details.termDue')}</span>}
          {term === 'overdue' && <span className="flag flag--alert">{t('details.termOverdue')}</span>}
        </span>
      ) : (
        none
      ),
    ],
  ];

  return (
    <article className="org-details" aria-labelledby="org-details-name" data-org-id={org.id}>
      <h3 id="org-details-name" className="org-details__name">
        {org.name}
      </h3>
      {org.isDemo && <p className="org-details__demo">{t('details.demo')}</p>}
      <dl className="org-details__facts">
        {rows.map(([label, value]) => (
          <div key={label} className="org-details__fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}
