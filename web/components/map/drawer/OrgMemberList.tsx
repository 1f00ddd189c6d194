import { useId } from 'react';
import type { OrgMembersPage } from '../../../hooks/useOrgMembers.ts';
import { useI18n } from '../../../i18n/context.ts';
import { errorText } from '../../../i18n/errors.ts';
import { PanelStatus } from '../../PanelStatus.tsx';
import { pageCount } from '../featureFacts.ts';
import { panelLabel } from '../panelLabels.ts';
import { FeatureLink } from './Facts.tsx';

/** Statuses that make a Party member (正式, 预备); the roll also holds candidates and activists. */
const PARTY: ReadonlySet<string> = new Set(['full', 'probationary']);

/** Props of {@link OrgMemberList}. */
export interface OrgMemberListProps {
  /** The page to show (kept while the next one loads), or null before the first arrives. */
  page: OrgMembersPage | null;
  /**
   * Everyone on the organisation's roll (`subtreeRollCount`), which a member may know while the
   * list shows only themself; the list says so when it holds fewer. @default the page's total
   */
  rollCount?: number;
  loading: boolean;
  /** The last load's failure, if it failed. */
  error: unknown;
  onRetry: () => void;
  onPage: (page: number) => void;
  onOpenMember: (id: number) => void;
}

/**
 * The roll of an organisation and its sub-organisations, one link each ("一点到党员"), paged:
 * Party members, and candidates and activists marked as such. When the caller may see fewer rows
 * than the roll holds (a member sees only themself) the list says how many it leaves out.
 */
export function OrgMemberList({ page, rollCount, loading, error, onRetry, onPage, onOpenMember }: OrgMemberListProps) {
  const { t, formatNumber } = useI18n();
  const titleId = useId();
  const pages = page ? pageCount(page.total, page.pageSize) : 1;
  const masked = page !== null && rollCount !== undefined && page.total < rollCount;
  return (
    <section className="drawer-section" aria-labelledby={titleId} aria-busy={loading}>
      <h3 id={titleId} className="drawer-section__title">
        {t('panels.org.memberList')}
      </h3>
      {error !== null && error !== undefined ? (
        <PanelStatus
          kind="error"
          message={t('panels.org.memberListError', { message: errorText(t, error) })}
          onRetry={onRetry}
        />
      ) : !page ? (
        <PanelStatus kind="loading" message={t('panels.org.memberListLoading')} />
      ) : page.items.length === 0 ? (
        <p className="drawer-section__empty">{t('panels.org.memberListEmpty')}</p>
      ) : (
        <>
          <ul className={`drawer-section__list drawer-members${loading ? ' drawer-members--loading' : ''}`}>
            {page.items.map((m) => (
              <li key={m.id}>
                <FeatureLink onClick={() => onOpenMember(m.id)}>{m.name}</FeatureLink>
                {!PARTY.has(m.status) && <span className="flag flag--info">{panelLabel(t, 'status', m.status)}</span>}
                {/* The list spans sub-organisations; a member elsewhere names their branch. */}
                {m.orgId !== page.orgId && <span className="drawer-section__aside">{m.orgName}</span>}
              </li>
            ))}
          </ul>
          {masked && (
            <p className="drawer-section__empty" data-testid="member-list-masked">
              {t('panels.org.memberListMasked', {
                roll: formatNumber(rollCount ?? 0),
                shown: formatNumber(page.total),
              })}
            </p>
          )}
          {pages > 1 && (
            <nav className="drawer-pager" aria-label={t('panels.org.pager')}>
              <button
                type="button"
                className="button button--secondary drawer-pager__button"
                // aria-disabled, not disabled: a button that disables itself under the cursor drops focus.
                aria-disabled={page.page <= 1}
                onClick={() => page.page > 1 && onPage(page.page - 1)}
              >
                {t('panels.org.prev')}
              </button>
              <span className="drawer-pager__status" aria-live="polite">
                {t('panels.org.page', { page: page.page, pages, total: formatNumber(page.total) })}
              </span>
              <button
                type="button"
                className="button button--secondary drawer-pager__button"
                aria-disabled={page.page >= pages}
                onClick={() => page.page < pages && onPage(page.page + 1)}
              >
                {t('panels.org.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
