import { useFullscreen } from '../../hooks/useFullscreen.ts';
import { useNow } from '../../hooks/useNow.ts';
import { useI18n } from '../../i18n/context.ts';

/** Props of {@link ScreenHeader}. */
export interface ScreenHeaderProps {
  onExit: () => void;
}

/** The big screen's title bar: title, clock, full-screen toggle and the way out. */
export function ScreenHeader({ onExit }: ScreenHeaderProps) {
  const { t, locale } = useI18n();
  const now = useNow();
  const fullscreen = useFullscreen();
  const date = now.toLocaleDateString(locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
  const time = now.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

  return (
    <header className="screen-header">
      <div className="screen-header__brand">
        <span className="brand-mark" aria-hidden="true">
          ★
        </span>
        <h1 className="screen-header__title">{t('map.screen.title')}</h1>
      </div>
      <div className="screen-header__tools">
        <p className="screen-clock">
          <span className="sr-only">{t('map.screen.clock')}</span>
          <time dateTime={now.toISOString()}>
            <span className="screen-clock__date">{date}</span>
            <span className="screen-clock__time">{time}</span>
          </time>
        </p>
        {fullscreen.supported && (
          <button
            type="button"
            className="button screen-button"
            onClick={fullscreen.toggle}
            aria-pressed={fullscreen.active}
          >
            {t(fullscreen.active ? 'map.screen.exitFullscreen' : 'map.screen.fullscreen')}
          </button>
        )}
        <button type="button" className="button screen-button screen-button--exit" onClick={onExit}>
          {t('map.screen.exit')}
        </button>
      </div>
    </header>
  );
}
