import { useState } from 'react';
import { useT } from '../i18n/context.ts';
import { labelOf } from '../i18n/labels.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Link } from './Link.tsx';

/** The app's pages a role may open from the header, in order. */
export function navItems(role: string): { path: string; label: MessageKey }[] {
  const items: { path: string; label: MessageKey }[] = [{ path: '/', label: 'nav.map' }];
  if (role === 'admin' || role === 'leader' || role === 'secretary') {
    items.push(
      { path: '/analysis', label: 'nav.analysis' },
      { path: '/warnings', label: 'nav.warnings' },
      { path: '/coverage', label: 'nav.coverage' },
    );
  }
  if (role !== 'member') items.push({ path: '/screen', label: 'nav.screen' });
  if (role === 'admin') items.push({ path: '/devices', label: 'devices.nav' });
  return items;
}

/** Props of {@link AppHeader}. */
export interface AppHeaderProps {
  /** Shown as "displayName · role". */
  user: { displayName: string; role: string };
  onLogout: () => Promise<void>;
  /** The current path, to mark its link. */
  path?: string;
}

/** The top bar: product name, who is signed in, language switch and sign-out. */
export function AppHeader({ user, onLogout, path = '/' }: AppHeaderProps) {
  const t = useT();
  const [leaving, setLeaving] = useState(false);

  function logout() {
    setLeaving(true);
    // The session ends locally even when the server call fails, so there is nothing to show:
    // the header unmounts with the rest of the signed-in app.
    onLogout().catch(() => setLeaving(false));
  }

  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="brand-mark" aria-hidden="true">
          ★
        </span>
        <h1 className="app-header__title">{t('app.title')}</h1>
        <span className="app-header__product">{t('app.brand')}</span>
      </div>
      <div className="app-header__tools">
        <p className="app-header__user">
          <span className="sr-only">{t('header.user')}</span>
          <span className="app-header__name">{user.displayName}</span>
          <span className="app-header__role">{labelOf(t, 'role', user.role)}</span>
        </p>
        <nav className="app-header__nav" aria-label={t('header.nav')}>
          {navItems(user.role).map((item) => (
            <Link
              key={item.path}
              href={item.path}
              className={item.path === path ? 'nav-link nav-link--current' : 'nav-link'}
            >
              {t(item.label)}
            </Link>
          ))}
        </nav>
        <LanguageSwitch />
        <button type="button" className="button button--ghost" onClick={logout} disabled={leaving}>
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}
