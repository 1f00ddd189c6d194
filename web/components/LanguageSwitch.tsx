import { useI18n } from '../i18n/context.ts';
import { LOCALES } from '../i18n/messages.ts';

/** Two toggle buttons (中文 / English); the choice is remembered by the i18n provider. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <fieldset className="lang-switch">
      <legend className="sr-only">{t('lang.label')}</legend>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          className="lang-switch__option"
          aria-pressed={l === locale}
          onClick={() => setLocale(l)}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </fieldset>
  );
}
