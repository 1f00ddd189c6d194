import { LoginPage } from './components/LoginPage.tsx';
import { PanelStatus } from './components/PanelStatus.tsx';
import { useSession } from './hooks/useSession.ts';
import { useT } from './i18n/context.ts';
import { HomePage } from './pages/HomePage.tsx';

/** Chooses between the login page and the workspace by the session state. */
export function App() {
  const t = useT();
  const { state, login, logout } = useSession();
  if (state.status === 'loading') {
    return (
      <div className="splash">
        <PanelStatus kind="loading" message={t('app.loading')} />
      </div>
    );
  }
  if (state.status === 'anonymous') return <LoginPage onLogin={login} expired={state.expired} />;
  // Keyed by user so signing in as someone else starts from fresh data and state.
  return <HomePage key={state.user.userId} user={state.user} onLogout={logout} />;
}
