import { useStats } from '../../hooks/useStats.ts';
import { useI18n } from '../../i18n/context.ts';
import { errorText } from '../../i18n/errors.ts';
import { labelOf } from '../../i18n/labels.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { ORG_KIND_COLOR } from '../../map/palette.ts';
import { ORG_KINDS } from '../../map/state.ts';

/** The headline figures, in reading order. */
const FIGURES = [
  ['orgs', 'map.screen.orgs'],
  ['members', 'map.screen.members'],
  ['onlineMembers', 'map.screen.onlineMembers'],
  ['jointPoints', 'map.screen.jointPoints'],
  ['zones', 'map.screen.zones'],
  ['sites', 'map.screen.sites'],
  ['borderKm', 'map.screen.borderKm'],
  ['counties', 'map.screen.counties'],
] as const satisfies readonly (readonly [string, MessageKey])[];

/** The big screen's headline counts over the map (`GET /api/stats`, scoped, refreshed each minute). */
export function ScreenStats() {
  const { t, formatNumber, locale } = useI18n();
  const stats = useStats();
  if (stats.status === 'error') {
    return (
      <section className="screen-stats" aria-label={t('map.screen.stats')}>
        <p className="screen-stats__error" role="alert">
          {t('map.screen.statsError', { message: errorText(t, stats.error) })}
        </p>
      </section>
    );
  }
  const data = stats.status === 'success' ? stats.data : null;
  const value = (key: (typeof FIGURES)[number][0]): string => {
    if (!data) return '—';
    if (key === 'orgs') return formatNumber(data.orgs.total);
    if (key === 'borderKm') return formatNumber(Math.round(data.borderKm));
    return formatNumber(data[key]);
  };
  const maxByKind = Math.max(1, ...Object.values(data?.orgs.byKind ?? {}));

  return (
    <section className="screen-stats" aria-label={t('map.screen.stats')} aria-busy={!data}>
      <dl className="screen-stats__grid">
        {FIGURES.map(([key, label]) => (
          <div key={key} className={`screen-stat screen-stat--${key}`}>
            <dt className="screen-stat__label">{t(label)}</dt>
            <dd className="screen-stat__value">{value(key)}</dd>
          </div>
        ))}
      </dl>
      {data && (
        <>
          <h2 className="screen-stats__heading">{t('map.screen.byKind')}</h2>
          <ul className="screen-kinds">
            {ORG_KINDS.filter((k) => (data.orgs.byKind[k] ?? 0) > 0).map((k) => {
              const n = data.orgs.byKind[k] ?? 0;
              return (
                <li key={k} className="screen-kinds__row">
                  <span className="screen-kinds__label">{labelOf(t, 'kind', k)}</span>
                  <span className="screen-kinds__bar" aria-hidden="true">
                    <span style={{ width: `${(100 * n) / maxByKind}%`, background: ORG_KIND_COLOR[k] }} />
                  </span>
                  <span className="screen-kinds__value">{formatNumber(n)}</span>
                </li>
              );
            })}
          </ul>
          <p className="screen-stats__asof">
            {t('map.screen.asOf', {
              time: new Date(data.asOf).toLocaleString(locale, {
                dateStyle: 'medium',
                timeStyle: 'short',
                hour12: false,
              }),
            })}
          </p>
        </>
      )}
    </section>
  );
}
