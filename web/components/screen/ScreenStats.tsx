import { type Stats, useStats } from '../../hooks/useStats.ts';
import { type Translate, useI18n } from '../../i18n/context.ts';
import { errorText } from '../../i18n/errors.ts';
import { labelOf } from '../../i18n/labels.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { scopedLabel, scopeWords } from '../../lib/scope.ts';
import { ORG_KIND_COLOR } from '../../map/palette.ts';
import { ORG_KINDS } from '../../map/state.ts';
import './screen.css';

/** The headline figures in reading order, each with what it counts. */
const FIGURES = [
  ['orgs', 'map.screen.orgs'],
  ['members', 'map.screen.members'],
  ['onlineTerminals', 'online.terminals'],
  ['jointPoints', 'map.screen.jointPoints'],
  ['zones', 'map.screen.zones'],
  ['sites', 'map.screen.sites'],
  ['borderKm', 'map.screen.borderKm'],
  ['counties', 'map.screen.counties'],
] as const satisfies readonly (readonly [keyof Stats['scopes'], MessageKey])[];

type FigureKey = (typeof FIGURES)[number][0];

/** "本支部党员", "麻栗坡县工作站点", "全州在线终端": what the figure counts over which scope. */
function figureLabel(t: Translate, data: Stats, key: FigureKey, what: MessageKey): string {
  // The counties themselves: "所在县（市）", named in the note below the figure.
  if (key === 'counties' && data.scopes.counties === 'counties') return t('map.screen.ownCounties');
  return scopedLabel(t, t(what), data.scopes[key], data.scope.counties);
}

/**
 * The big screen's headline counts over the map (`GET /api/stats`, scoped in SQL, refreshed each
 * minute). Every label says what it counts and over which scope — the server says which scope
 * each figure has (a member's terminals are their own; sites and border are the scope's counties).
 */
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
  const value = (d: Stats, key: FigureKey): string => {
    if (key === 'orgs') return formatNumber(d.orgs.total);
    if (key === 'borderKm') return formatNumber(Math.round(d.borderKm));
    return formatNumber(d[key]);
  };
  const note = (d: Stats, key: FigureKey): string | null => {
    if (key === 'onlineTerminals') {
      return t('online.ofTotal', { total: formatNumber(d.terminals), minutes: d.onlineWindowMinutes });
    }
    // The counties by name, when the scope is not the whole prefecture.
    if (key === 'counties' && d.scopes.counties === 'counties') {
      return d.scope.counties.map((c) => c.name).join('、') || null;
    }
    return null;
  };
  const maxByKind = Math.max(1, ...Object.values(data?.orgs.byKind ?? {}));

  return (
    <section className="screen-stats" aria-label={t('map.screen.stats')} aria-busy={!data}>
      {data && (
        <p className="screen-stats__scope" data-testid="screen-scope">
          {data.scope.orgName} · {scopeWords(t, data.scope.kind)}
        </p>
      )}
      <dl className="screen-stats__grid">
        {FIGURES.map(([key, label]) => {
          const extra = data ? note(data, key) : null;
          return (
            <div key={key} className={`screen-stat screen-stat--${key}`} data-figure={key}>
              <dt className="screen-stat__label">{data ? figureLabel(t, data, key, label) : t(label)}</dt>
              <dd className="screen-stat__value">{data ? value(data, key) : '—'}</dd>
              {extra && <dd className="screen-stat__note">{extra}</dd>}
            </div>
          );
        })}
      </dl>
      {data && (
        <>
          <h2 className="screen-stats__heading">
            {scopedLabel(t, t('map.screen.byKind'), data.scopes.orgs, data.scope.counties)}
          </h2>
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
