import { useEffect, useMemo, useRef } from 'react';
import { ONLINE_WINDOW_MINUTES } from '../../../api/devices/online.ts';
import { useAsync } from '../../hooks/useAsync.ts';
import { type OrgPortrait, useOrgPortrait } from '../../hooks/usePortraits.ts';
import { useLeads } from '../../hooks/useRole.ts';
import { STATS_REFRESH_MS, useScope } from '../../hooks/useStats.ts';
import { useI18n } from '../../i18n/context.ts';
import { api, unwrap } from '../../lib/api.ts';
import { scopeWords } from '../../lib/scope.ts';
import { Chart } from '../charts/Chart.tsx';
import { barOption, groupedBarOption, pieOption } from '../charts/options.ts';
import { Link, portraitPath } from '../Link.tsx';
import { keyLabel, percent } from '../portrait/labels.ts';

/** Keeps the last loaded value while a refresh runs, so the wall never blanks between updates. */
function useLast<T>(state: { status: string; data?: T }): T | null {
  const last = useRef<T | null>(null);
  if (state.status === 'success' && state.data !== undefined) last.current = state.data;
  return last.current;
}

/** Reloads `reload` every minute while mounted (the big screen's auto-refresh). */
function useEveryMinute(reload: () => void) {
  useEffect(() => {
    const timer = setInterval(reload, STATS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
}

/**
 * The big screen's panels (大屏, `/screen`) on the right of the map: organisation system, member
 * team, org-life completion, warnings, the index ranking and live terminals, for the caller's
 * own subtree, in the dark theme, refreshed each minute. Everything comes from this server, and
 * each title names the scope (the portrait of the caller's organisation: the same scope as the
 * headline figures, so "党员" here equals "党员" there).
 */
export function ScreenPanels({ orgId }: { orgId: number }) {
  const leads = useLeads();
  if (!leads) return null;
  return <Panels orgId={orgId} />;
}

function Panels({ orgId }: { orgId: number }) {
  const { t, formatNumber } = useI18n();
  const portraitState = useOrgPortrait(orgId);
  const scope = useScope();
  const scopeTag =
    scope.status === 'success' ? (
      <span className="screen-panel__scope" data-testid="screen-panel-scope">
        {' '}
        · {scopeWords(t, scope.data.kind)}
      </span>
    ) : null;
  const ranking = useAsync(
    (signal) => unwrap(api.indices.ranking.$get({ query: { limit: '8' } }, { init: { signal } })),
    [],
  );
  useEveryMinute(portraitState.reload);
  useEveryMinute(ranking.reload);
  const p = useLast<OrgPortrait>(portraitState);
  const top = useLast(ranking);

  const charts = useMemo(() => {
    if (!p) return null;
    const s = p.structure;
    const data = (facet: string, list: { key: string; count: number }[]) =>
      list.map((c) => ({ key: c.key, label: keyLabel(t, facet, c.key), value: c.count }));
    return {
      members: pieOption(data('gender', s.byGender), { ring: true, legend: false }),
      status: barOption(data('age', s.byAge)),
      life: groupedBarOption(
        p.orgLife.byKind.map((k) => ({ key: k.kind, label: keyLabel(t, 'life', k.kind) })),
        [
          { name: t('portrait.required'), values: p.orgLife.byKind.map((k) => k.required) },
          { name: t('portrait.held'), values: p.orgLife.byKind.map((k) => k.held) },
        ],
      ),
    };
  }, [p, t]);

  return (
    <aside className="screen-panels" aria-label={t('screen.title')}>
      <section className="screen-panel">
        <h2 className="screen-panel__title">
          {t('screen.memberTeam')}
          {scopeTag}
        </h2>
        {p && charts && (
          <>
            <p className="screen-panel__figures">
              <span>
                {t('portrait.party')} <strong data-testid="screen-party">{formatNumber(p.structure.party)}</strong>
              </span>
              <span>
                {t('portrait.cadreShare')} <strong>{percent(p.structure.cadres.share)}</strong>
              </span>
            </p>
            <div className="screen-panel__pair">
              <Chart option={charts.members} label={t('facet.gender')} height={170} theme="dark" />
              <Chart option={charts.status} label={t('facet.age')} height={170} theme="dark" />
            </div>
          </>
        )}
      </section>
      <section className="screen-panel">
        <h2 className="screen-panel__title">
          {t('screen.orgLife')} · {p ? percent(p.orgLife.attendance.rate) : '—'}
          {scopeTag}
        </h2>
        {charts && <Chart option={charts.life} label={t('screen.orgLife')} height={180} theme="dark" />}
      </section>
      <section className="screen-panel">
        <h2 className="screen-panel__title">
          {t('screen.warnings')} · {p ? formatNumber(p.warnings?.total ?? 0) : '—'}
          {scopeTag}
        </h2>
        <ul className="screen-list">
          {(p?.warnings?.items ?? []).slice(0, 5).map((w) => (
            <li key={w.id} className={`screen-list__item screen-list__item--${w.severity}`}>
              {keyLabel(t, 'rule', w.rule)} · {w.orgName}
            </li>
          ))}
        </ul>
      </section>
      <section className="screen-panel">
        <h2 className="screen-panel__title">
          {t('screen.ranking')}
          {scopeTag}
        </h2>
        <ol className="screen-list">
          {(top?.items ?? []).map((r) => (
            <li key={r.orgId as number} className="screen-list__item">
              <Link href={portraitPath('org', r.orgId as number)} className="screen-list__link">
                {r.name as string}
              </Link>
              <span className="screen-list__value">{(r.organisation as number | null)?.toFixed(1) ?? '—'}</span>
            </li>
          ))}
        </ol>
      </section>
      <section className="screen-panel">
        <h2 className="screen-panel__title">
          {t('screen.live')}
          {scopeTag}
        </h2>
        {p && (
          <p className="screen-panel__figures">
            <strong data-testid="screen-devices">
              {t('portrait.devicesOnline', {
                online: formatNumber(p.devices.online),
                total: formatNumber(p.devices.total),
                minutes: ONLINE_WINDOW_MINUTES,
              })}
            </strong>
          </p>
        )}
      </section>
    </aside>
  );
}
