import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** Props of {@link LoginPage}. */
export interface LoginPageProps {
  /** Signs in; a rejection's message is shown under the form. */
  onLogin: (username: string, password: string) => Promise<void>;
  /** The previous session ended while the app was open (shown as a notice). */
  expired?: boolean;
}

/** The sign-in page, with the demo accounts and the notice that the demo data is fictional. */
export function LoginPage({ onLogin, expired = false }: LoginPageProps) {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  // Kept as the raw error, not text, so switching language re-translates it.
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await onLogin(username, password);
      // On success this page unmounts; touching state afterwards would be a no-op at best.
    } catch (err) {
      setError(err);
      setPending(false);
    }
  }

  const hasError = error !== null;
  return (
    <div className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <main className="login__card">
        <header className="login__brand">
          <span className="brand-mark" aria-hidden="true">
            ★
          </span>
          <div>
            <h1 className="login__title">{t('app.title')}</h1>
            <p className="login__subtitle">
              {t('app.brand')} · {t('app.subtitle')}
            </p>
          </div>
        </header>

        <form className="login__form" onSubmit={submit} aria-labelledby="login-heading">
          <h2 id="login-heading" className="login__heading">
            {t('login.heading')}
          </h2>
          {expired && !hasError && (
            <p className="notice notice--info" role="status">
              {t('login.expired')}
            </p>
          )}
          <div className="field">
            <label htmlFor="username">{t('login.username')}</label>
            <input
              id="username"
              name="username"
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              // biome-ignore lint/a11y/noAutofocus: the page's only task is this form.
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              aria-invalid={hasError || undefined}
              aria-describedby={hasError ? 'login-error' : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor="password">{t('login.password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={hasError || undefined}
              aria-describedby={hasError ? 'login-error' : undefined}
            />
          </div>
          {hasError && (
            <p id="login-error" className="notice notice--error" role="alert">
              {errorText(t, error)}
            </p>
          )}
          <button type="submit" className="button button--primary button--block" disabled={pending}>
            {pending ? t('login.submitting') : t('login.submit')}
          </button>
        </form>

        <footer className="login__demo">
          <p>{t('login.demoAccounts')}</p>
          <p className="login__fictional">{t('login.fictional')}</p>
        </footer>
      </main>
    </div>
  );
}
