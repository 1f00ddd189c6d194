import { useId } from 'react';
import type { OrgMembersPage } from '../../../hooks/useOrgMembers.ts';
import { useI18n } from '../../../i18n/context.ts';
import { errorText } from '../../../i18n/errors.ts';
import { PanelStatus } from '../../PanelStatus.tsx';
import { pageCount } from '../featureFacts.ts';
import { FeatureLink } from './Facts.tsx';

/** Props of {@link OrgMemberList}. */
export interface OrgMemberListProps {
  /** The page to show (kept while the next one loads), or null before the first arrives. */
  page: OrgMembersPage | null;
  loading: boolean;
  /** The last load's failure, if it failed. */
  error: unknown;
  onRetry: () => void;
  onPage: (page: number) => void;
  onOpenMember: (id: number) => void;
}

/** The members of an organisation and its sub-organisations, one link each ("一点到党员"), paged. */
export function OrgMemberList({ page, loading, error, onRetry, onPage, onOpenMember }: OrgMemberListProps) {
  const { t, formatNumber } = useI18n();
  const titleId = useId();
  const pages = page ? pageCount(page.total, page.pageSize) : 1;
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
                {/* The list spans sub-organisations; a member elsewhere names their branch. */}
                {m.orgId !== page.orgId && <span className="drawer-section__aside">{m.orgName}</span>}
              </li>
            ))}
          </ul>
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
