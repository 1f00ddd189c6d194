import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { type FeatureDetail, isNotFound, useFeatureDetail } from '../../hooks/useFeatureDetail.ts';
import { useOrgMembers } from '../../hooks/useOrgMembers.ts';
import { useT } from '../../i18n/context.ts';
import { errorText } from '../../i18n/errors.ts';
import type { Selection } from '../../map/state.ts';
import { PanelStatus } from '../PanelStatus.tsx';
import type { SummaryActions } from './drawer/actions.ts';
import { JointPointSummary } from './drawer/JointPointSummary.tsx';
import { MemberSummary } from './drawer/MemberSummary.tsx';
import { OrgMemberList } from './drawer/OrgMemberList.tsx';
import { OrgSummary } from './drawer/OrgSummary.tsx';
import { SiteSummary } from './drawer/SiteSummary.tsx';
import { ZoneSummary } from './drawer/ZoneSummary.tsx';
import { panelLabel } from './panelLabels.ts';
import './panels.css';

/** Props of {@link FeatureDrawer}. */
export interface FeatureDrawerProps extends SummaryActions {
  /** The feature to show; null hides the drawer. */
  selection: Selection | null;
  onClose: () => void;
}

/**
 * The right-hand drawer for the selected feature: its summary from the server and links to go
 * further ("一点到支部、一点到党员"). Not modal: the map stays usable; Escape inside it closes it.
 */
export function FeatureDrawer({ selection, onClose, onSelect, onFlyTo, onTrack }: FeatureDrawerProps) {
  const headingId = useId();
  const panelRef = useRef<HTMLElement>(null);
  const open = selection !== null;

  // On open, remember where focus was; on close, hand it back if it was in the drawer (a close
  // button or Escape). A layout effect, so this runs before the heading takes focus.
  useLayoutEffect(() => {
    if (!open) return;
    const panel = panelRef.current;
    const before = document.activeElement;
    return () => {
      const now = document.activeElement;
      const focusWasInside = !now || now === document.body || (panel?.contains(now) ?? false);
      if (focusWasInside && before instanceof HTMLElement && before.isConnected) before.focus({ preventScroll: true });
    };
  }, [open]);

  if (!selection) return null;
  return (
    <aside
      ref={panelRef}
      className="map-panel feature-drawer"
      aria-labelledby={headingId}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      {/* Keyed: a new selection starts fresh (page 1 of its members, focus on its heading). */}
      <DrawerContent
        key={`${selection.kind}:${selection.id}`}
        selection={selection}
        headingId={headingId}
        onClose={onClose}
        onSelect={onSelect}
        onFlyTo={onFlyTo}
        onTrack={onTrack}
      />
    </aside>
  );
}

function DrawerContent({
  selection,
  headingId,
  onClose,
  onSelect,
  onFlyTo,
  onTrack,
}: FeatureDrawerProps & { selection: Selection; headingId: string }) {
  const t = useT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const detail = useFeatureDetail(selection);
  const [page, setPage] = useState(1);
  const members = useOrgMembers(selection.kind === 'org' ? selection.id : null, page);

  // Focus lands on the heading so Escape, Tab and a screen reader start in the drawer.
  useEffect(() => headingRef.current?.focus({ preventScroll: true }), []);

  const kindLabel = panelLabel(t, 'resultKind', selection.kind);
  const loaded = detail.status === 'success' && detail.data ? detail.data : null;

  return (
    <>
      <header className="feature-drawer__header">
        <div className="feature-drawer__titles">
          {loaded && <p className="feature-drawer__kind">{kindLabel}</p>}
          <h2 id={headingId} ref={headingRef} tabIndex={-1} className="feature-drawer__title">
            {loaded ? loaded.data.name : kindLabel}
          </h2>
        </div>
        <button
          type="button"
          className="feature-drawer__close"
          aria-label={t('panels.drawer.close')}
          title={t('panels.drawer.close')}
          onClick={onClose}
        >
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div className="feature-drawer__body">
        {detail.status === 'loading' && <PanelStatus kind="loading" message={t('panels.drawer.loading')} />}
        {detail.status === 'error' &&
          (isNotFound(detail.error) ? (
            <PanelStatus kind="empty" message={t('panels.drawer.notFound')} />
          ) : (
            <PanelStatus
              kind="error"
              message={t('panels.drawer.error', { message: errorText(t, detail.error) })}
              onRetry={detail.reload}
            />
          ))}
        {loaded && <Summary feature={loaded} onSelect={onSelect} onFlyTo={onFlyTo} onTrack={onTrack} />}
        {loaded?.kind === 'org' && (
          <OrgMemberList
            page={members.shown}
            rollCount={loaded.data.subtreeRollCount}
            loading={members.status === 'loading'}
            error={members.status === 'error' ? members.error : null}
            onRetry={members.reload}
            onPage={setPage}
            onOpenMember={(id) => onSelect({ kind: 'member', id })}
          />
        )}
      </div>
    </>
  );
}

/** The summary for the feature's kind. */
function Summary({ feature, ...actions }: SummaryActions & { feature: FeatureDetail }) {
  switch (feature.kind) {
    case 'org':
      return <OrgSummary feature={feature} {...actions} />;
    case 'zone':
      return <ZoneSummary zone={feature.data} {...actions} />;
    case 'joint_point':
      return <JointPointSummary point={feature.data} {...actions} />;
    case 'site':
      return <SiteSummary site={feature.data} {...actions} />;
    case 'member':
      return <MemberSummary member={feature.data} {...actions} />;
  }
}
