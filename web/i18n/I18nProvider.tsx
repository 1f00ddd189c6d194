import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { type I18n, I18nContext, type MessageParams } from './context.ts';
import { LOCALES, type Locale, MESSAGES, type MessageKey } from './messages.ts';

const STORAGE_KEY = 'redmap.locale';

/** The saved choice, else Simplified Chinese (the product's default, whatever the browser says). */
function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return LOCALES.find((l) => l === saved) ?? LOCALES[0];
  } catch {
    // Storage can be blocked (privacy mode, sandboxed frames); the default still works.
    return LOCALES[0];
  }
}

function fill(text: string, params?: MessageParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** Provides the UI language to the app and remembers the user's choice in localStorage. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, but the switch still applies for this visit.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const dictionary = MESSAGES[locale];
    const numbers = new Intl.NumberFormat(locale);
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    return {
      locale,
      setLocale,
      t: (key: MessageKey, params?: MessageParams) => fill(dictionary[key], params),
      formatNumber: (n: number) => numbers.format(n),
      formatDate: (isoDate: string) => {
        // Parse as a local date: `new Date('2026-05-31')` is UTC midnight and can show the day before.
        const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
        if (!y || !m || !d) return isoDate;
        return dates.format(new Date(y, m - 1, d));
      },
    };
  }, [locale, setLocale]);

  // Screen readers and fonts pick the right language from <html lang>; the tab title follows too.
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = value.t('app.documentTitle');
  }, [locale, value]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
