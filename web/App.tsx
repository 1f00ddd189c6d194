import { LoginPage } from './components/LoginPage.tsx';
import { PanelStatus } from './components/PanelStatus.tsx';
import { usePath } from './hooks/usePath.ts';
import { useSession } from './hooks/useSession.ts';
import { useT } from './i18n/context.ts';
import { DevicesPage } from './pages/DevicesPage.tsx';
import { HomePage } from './pages/HomePage.tsx';

/** Chooses between the login page and the workspace by the session state. */
export function App() {
  const t = useT();
  const { state, login, logout } = useSession();
  const [path, navigate] = usePath();
  if (state.status === 'loading') {
    return (
      <div className="splash">
        <PanelStatus kind="loading" message={t('app.loading')} />
      </div>
    );
  }
  if (state.status === 'anonymous') return <LoginPage onLogin={login} expired={state.expired} />;
  const admin = state.user.role === 'admin';
  // Terminal management (终端管理) is the administrators' page; everyone else stays on the map.
  if (path === '/devices' && admin) {
    return <DevicesPage key={state.user.userId} user={state.user} onLogout={logout} onBack={() => navigate('/')} />;
  }
  // Keyed by user so signing in as someone else starts from fresh data and state.
  return (
    <HomePage
      key={state.user.userId}
      user={state.user}
      onLogout={logout}
      onOpenDevices={admin ? () => navigate('/devices') : undefined}
    />
  );
}
