import { useState } from 'react';
import { useT } from '../i18n/context.ts';
import { labelOf } from '../i18n/labels.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** Props of {@link AppHeader}. */
export interface AppHeaderProps {
  /** Shown as "displayName · role". */
  user: { displayName: string; role: string };
  onLogout: () => Promise<void>;
  /** Shows the "terminals" link (administrators). */
  onOpenDevices?: (() => void) | undefined;
}

/** The top bar: product name, who is signed in, language switch and sign-out. */
export function AppHeader({ user, onLogout, onOpenDevices }: AppHeaderProps) {
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
        {onOpenDevices && (
          <button type="button" className="button button--ghost" onClick={onOpenDevices}>
            {t('devices.nav')}
          </button>
        )}
        <LanguageSwitch />
        <button type="button" className="button button--ghost" onClick={logout} disabled={leaving}>
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}
