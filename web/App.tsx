import { lazy, Suspense, useEffect } from 'react';
import { NavigateContext } from './components/Link.tsx';
import { LoginPage } from './components/LoginPage.tsx';
import { PanelStatus } from './components/PanelStatus.tsx';
import { usePath } from './hooks/usePath.ts';
import { RoleContext } from './hooks/useRole.ts';
import { useSession } from './hooks/useSession.ts';
import { useT } from './i18n/context.ts';

// The map page carries MapLibre and deck.gl (most of the JavaScript): a chunk of its own, asked
// for as soon as the shell runs, so it downloads while the session is checked or the user types
// the password, and the sign-in page needs none of it.
const loadHomePage = () => import('./pages/HomePage.tsx');
const HomePage = lazy(() => loadHomePage().then((m) => ({ default: m.HomePage })));
const DevicesPage = lazy(() => import('./pages/DevicesPage.tsx').then((m) => ({ default: m.DevicesPage })));

// Portraits, analyses and warnings carry the charts (ECharts): loaded only when opened, so the
// map page stays light.
const OrgPortraitPage = lazy(() => import('./pages/OrgPortraitPage.tsx').then((m) => ({ default: m.OrgPortraitPage })));
const MemberPortraitPage = lazy(() =>
  import('./pages/MemberPortraitPage.tsx').then((m) => ({ default: m.MemberPortraitPage })),
);
const AnalysisPage = lazy(() => import('./pages/AnalysisPage.tsx').then((m) => ({ default: m.AnalysisPage })));
const OrgLifePage = lazy(() => import('./pages/OrgLifePage.tsx').then((m) => ({ default: m.OrgLifePage })));
const WarningsPage = lazy(() => import('./pages/WarningsPage.tsx').then((m) => ({ default: m.WarningsPage })));
const CoveragePage = lazy(() => import('./pages/CoveragePage.tsx').then((m) => ({ default: m.CoveragePage })));

/** A page of the app, by its path (shareable: every page has a URL of its own). */
type Route =
  | { page: 'map'; screen: boolean }
  | { page: 'devices' }
  | { page: 'org'; id: number }
  | { page: 'member'; id: number }
  | { page: 'analysis' }
  | { page: 'warnings' }
  | { page: 'coverage' }
  | { page: 'orgLife'; eventId?: number; orgId?: number };

/**
 * Reads the path: `/`, `/screen`, `/devices`, `/orgs/:id/portrait`, `/members/:id/portrait`, `/analysis`,
 * `/warnings`, `/coverage`.
 */
export function routeOf(path: string): Route {
  const portrait = /^\/(orgs|members)\/(\d{1,15})\/portrait\/?$/.exec(path);
  if (portrait) return { page: portrait[1] === 'orgs' ? 'org' : 'member', id: Number(portrait[2]) };
  const event = /^\/org-life\/(\d{1,15})\/?$/.exec(path);
  if (event) return { page: 'orgLife', eventId: Number(event[1]) };
  if (path === '/org-life/new') {
    const org = Number(new URLSearchParams(window.location.search).get('org'));
    return Number.isSafeInteger(org) && org > 0 ? { page: 'orgLife', orgId: org } : { page: 'map', screen: false };
  }
  if (path === '/devices') return { page: 'devices' };
  if (path === '/analysis') return { page: 'analysis' };
  if (path === '/warnings') return { page: 'warnings' };
  if (path === '/coverage') return { page: 'coverage' };
  return { page: 'map', screen: path === '/screen' };
}

/** Chooses between the login page and the workspace by the session state, then the page by the path. */
export function App() {
  const t = useT();
  const { state, login, logout } = useSession();
  const [path, navigate] = usePath();
  useEffect(() => {
    void loadHomePage();
  }, []);
  if (state.status === 'loading') {
    return (
      <div className="splash">
        <PanelStatus kind="loading" message={t('app.loading')} />
      </div>
    );
  }
  if (state.status === 'anonymous') return <LoginPage onLogin={login} expired={state.expired} />;
  const { user } = state;
  const route = routeOf(path);
  const leads = user.role === 'admin' || user.role === 'leader' || user.role === 'secretary';
  const common = { user, onLogout: logout, path };
  // Keyed by user so signing in as someone else starts from fresh data and state.
  let page: React.ReactNode;
  if (route.page === 'devices' && user.role === 'admin') {
    page = <DevicesPage key={user.userId} user={user} onLogout={logout} onBack={() => navigate('/')} />;
  } else if (route.page === 'org' && leads) {
    page = <OrgPortraitPage key={`${user.userId}:${route.id}`} {...common} orgId={route.id} />;
  } else if (route.page === 'member') {
    page = <MemberPortraitPage key={`${user.userId}:${route.id}`} {...common} memberId={route.id} />;
  } else if (route.page === 'analysis' && leads) {
    page = <AnalysisPage key={user.userId} {...common} />;
  } else if (route.page === 'orgLife' && leads) {
    page = <OrgLifePage key={`${user.userId}:${path}`} {...common} eventId={route.eventId} orgId={route.orgId} />;
  } else if (route.page === 'warnings' && leads) {
    page = <WarningsPage key={user.userId} {...common} />;
  } else if (route.page === 'coverage' && leads) {
    page = <CoveragePage key={user.userId} {...common} />;
  } else {
    page = (
      <HomePage key={user.userId} user={user} onLogout={logout} screenRoute={route.page === 'map' && route.screen} />
    );
  }
  return (
    <NavigateContext value={navigate}>
      <RoleContext value={user.role}>
        <Suspense
          fallback={
            <div className="splash">
              <PanelStatus kind="loading" message={t('app.loading')} />
            </div>
          }
        >
          {page}
        </Suspense>
      </RoleContext>
    </NavigateContext>
  );
}
