import { createContext, useContext } from 'react';
import type { Locale, MessageKey } from './messages.ts';

/** Values that fill `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

/** Looks up a UI text in the current language. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/** What the i18n context provides. */
export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** Formats a count with the locale's digit grouping. */
  formatNumber: (n: number) => string;
  /** Formats an ISO date (YYYY-MM-DD) as a local calendar date, e.g. 2026年5月31日. */
  formatDate: (isoDate: string) => string;
}

export const I18nContext = createContext<I18n | null>(null);

/** The current language, its switch and the translate function. */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  // A missing provider is a wiring bug; failing loudly beats rendering raw keys.
  if (!i18n) throw new Error('useI18n must be used inside <I18nProvider>');
  return i18n;
}

/** The translate function of the current language. */
export function useT(): Translate {
  return useI18n().t;
}
