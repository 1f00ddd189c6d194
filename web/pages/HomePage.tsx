import { AppHeader } from '../components/AppHeader.tsx';
import { MapPlaceholder } from '../components/MapPlaceholder.tsx';
import { OrgDetails } from '../components/OrgDetails.tsx';
import { OrgTreePanel } from '../components/OrgTreePanel.tsx';
import { PanelStatus } from '../components/PanelStatus.tsx';
import { useOrgDetail } from '../hooks/useOrgDetail.ts';
import { useOrgTree } from '../hooks/useOrgTree.ts';
import { useSelectedOrg } from '../hooks/useSelectedOrg.ts';
import type { SessionUser } from '../hooks/useSession.ts';
import { useT } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';

/** Props of {@link HomePage}. */
export interface HomePageProps {
  user: SessionUser;
  onLogout: () => Promise<void>;
}

/**
 * The signed-in workspace: organisation tree on the left, the map in the centre, the selected
 * organisation on the right. This page owns the data hooks; the panels only render what they get.
 */
export function HomePage({ user, onLogout }: HomePageProps) {
  const t = useT();
  const [selectedId, select] = useSelectedOrg();

  function logout() {
    // The next person at this machine should not open on the previous user's selection.
    select(null);
    return onLogout();
  }

  return (
    <div className="app">
      <AppHeader user={user} onLogout={logout} />
      <main className="workspace">
        <aside className="panel panel--tree" aria-labelledby="tree-heading">
          <TreeSection selectedId={selectedId} onSelect={select} />
        </aside>
        <MapPlaceholder />
        <aside className="panel panel--details" aria-labelledby="details-heading">
          <div className="panel__header">
            <h2 id="details-heading" className="panel__title">
              {t('details.heading')}
            </h2>
          </div>
          <div className="panel__scroll">
            <DetailsSection selectedId={selectedId} onSelect={select} />
          </div>
        </aside>
      </main>
    </div>
  );
}

interface SectionProps {
  selectedId: number | null;
  onSelect: (id: number) => void;
}

function TreeSection({ selectedId, onSelect }: SectionProps) {
  const t = useT();
  const tree = useOrgTree();
  if (tree.status === 'loading') return <PanelStatus kind="loading" message={t('app.loading')} />;
  if (tree.status === 'error') {
    return (
      <PanelStatus
        kind="error"
        message={t('error.loadTree', { message: errorText(t, tree.error) })}
        onRetry={tree.reload}
      />
    );
  }
  if (!tree.data) return <PanelStatus kind="empty" message={t('tree.empty')} />;
  return <OrgTreePanel root={tree.data} selectedId={selectedId} onSelect={onSelect} />;
}

function DetailsSection({ selectedId, onSelect }: SectionProps) {
  const t = useT();
  const detail = useOrgDetail(selectedId);
  if (selectedId === null) return <PanelStatus kind="empty" message={t('details.empty')} />;
  if (detail.status === 'loading') return <PanelStatus kind="loading" message={t('details.loading')} />;
  if (detail.status === 'error') {
    return (
      <PanelStatus
        kind="error"
        message={t('error.loadDetails', { message: errorText(t, detail.error) })}
        onRetry={detail.reload}
      />
    );
  }
  if (!detail.data) return <PanelStatus kind="empty" message={t('details.empty')} />;
  return <OrgDetails org={detail.data} onSelect={onSelect} />;
}
