import { type ReactNode, useId, useMemo, useState } from 'react';
import { AppHeader } from '../components/AppHeader.tsx';
import { Chart } from '../components/charts/Chart.tsx';
import type { EChartsCoreOption } from '../components/charts/echarts.ts';
import { barOption, type Datum, lineOption, pieOption } from '../components/charts/options.ts';
import { Link, portraitPath } from '../components/Link.tsx';
import { OrgSelect } from '../components/OrgSelect.tsx';
import { PanelStatus } from '../components/PanelStatus.tsx';
import { Card, Figure } from '../components/portrait/Card.tsx';
import { DrillList } from '../components/portrait/DrillList.tsx';
import { keyLabel, percent } from '../components/portrait/labels.ts';
import { StarRating } from '../components/StarRating.tsx';
import {
  exportHref,
  type MemberTeam,
  ORG_DRILL_PAGE_SIZE,
  type OrgDrillTarget,
  type OrgFacet,
  type OrgSystem,
  useMemberTeam,
  useOrgDrill,
  useOrgSystem,
  useRanking,
} from '../hooks/useAnalysis.ts';
import type { AsyncResult } from '../hooks/useAsync.ts';
import { useCounties } from '../hooks/useCounties.ts';
import { type DrillTarget, useIndexDefinition } from '../hooks/usePortraits.ts';
import { idParam, useQueryParams } from '../hooks/useQueryParams.ts';
import type { SessionUser } from '../hooks/useSession.ts';
import { useI18n } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';
import { labelOf } from '../i18n/labels.ts';
import { trendOf } from '../lib/analysis.ts';
import './portrait.css';
import './analysis.css';

/** Props of {@link AnalysisPage}. */
export interface AnalysisPageProps {
  user: SessionUser;
  onLogout: () => Promise<void>;
  path: string;
}

type Section = 'orgs' | 'members';
type MemberFacet = Extract<DrillTarget, { kind: 'members' }>['facet'];

/**
 * 综合分析 at `/analysis?org=<id>&tab=orgs|members`: the 组织体系 and 党员队伍 analyses of a subtree
 * in the caller's scope (their own organisation by default), each figure drilling down to the
 * organisations or members behind it, each exportable to Excel; and the 组织力 ranking with how
 * the index is computed.
 */
export function AnalysisPage({ user, onLogout, path }: AnalysisPageProps) {
  const { t } = useI18n();
  const [params, setParams] = useQueryParams();
  const org = idParam(params.get('org')) ?? user.orgId;
  const section: Section = params.get('tab') === 'members' ? 'members' : 'orgs';
  const tabsId = useId();
  const tab = (s: Section, label: string) => (
    <button
      type="button"
      role="tab"
      id={`${tabsId}-${s}`}
      aria-selected={section === s}
      aria-controls={`${tabsId}-panel`}
      className={section === s ? 'analysis__tab analysis__tab--current' : 'analysis__tab'}
      onClick={() => setParams({ tab: s === 'orgs' ? null : s })}
    >
      {label}
    </button>
  );
  return (
    <div className="app app--page">
      <AppHeader user={user} onLogout={onLogout} path={path} />
      <main className="page analysis">
        <header className="analysis__header">
          <h2>{t('analysis.title')}</h2>
          <OrgSelect
            value={org}
            onChange={(id) => setParams({ org: id === null ? null : String(id) })}
            label={t('analysis.scope')}
            testId="analysis-org"
          />
        </header>
        <div className="analysis__tabs" role="tablist" aria-label={t('analysis.sections')}>
          {tab('orgs', t('analysis.orgSystem'))}
          {tab('members', t('analysis.memberTeam'))}
        </div>
        <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${section}`}>
          {/* Keyed by the organisation, so an open drill-down never lists another subtree's rows. */}
          {section === 'orgs' ? <OrgSystemSection key={org} org={org} /> : <MemberTeamSection key={org} org={org} />}
        </div>
        <RankingSection org={org} />
      </main>
    </div>
  );
}

/** A loading or failed analysis, or `children` with its data. */
function Loaded<T>({ state, children }: { state: AsyncResult<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (state.status === 'loading') return <PanelStatus kind="loading" message={t('analysis.loading')} />;
  if (state.status === 'error') {
    return (
      <PanelStatus
        kind="error"
        message={t('analysis.error', { message: errorText(t, state.error) })}
        onRetry={state.reload}
      />
    );
  }
  return <>{children(state.data)}</>;
}

/** 组织体系综合分析. */
function OrgSystemSection({ org }: { org: number }) {
  const system = useOrgSystem(org);
  return <Loaded state={system}>{(a) => <OrgSystemView org={org} a={a} />}</Loaded>;
}

function OrgSystemView({ org, a }: { org: number; a: OrgSystem }) {
  const { t, formatNumber, formatDate } = useI18n();
  const counties = useCounties();
  const [drill, setDrill] = useState<OrgDrillTarget | null>(null);

  // County codes read as names (from the public geography); the other facets' keys are messages.
  const label = useMemo(() => {
    const names = new Map(counties.status === 'success' ? counties.data.map((c) => [c.code, c.name]) : []);
    return (facet: OrgFacet, key: string) => {
      if (facet !== 'county') return keyLabel(t, facet, key);
      return key === 'none' ? t('analysis.county.none') : (names.get(key) ?? key);
    };
  }, [counties, t]);

  const charts = useMemo(() => {
    const data = (facet: OrgFacet, list: { key: string; count: number }[]): Datum[] =>
      list.map((c) => ({ key: c.key, label: label(facet, c.key), value: c.count }));
    // Empty slices only crowd a pie with "0" labels (bars keep them: an empty column says something).
    const slices = (facet: OrgFacet, list: { key: string; count: number }[]) =>
      data(facet, list).filter((d) => d.value > 0);
    return {
      kind: barOption(data('kind', a.byKind)),
      category: pieOption(slices('category', a.byCategory)),
      county: barOption(data('county', a.byCounty), { horizontal: true }),
      star: barOption(data('star', a.byStar)),
      standardised: pieOption(slices('standardised', a.byStandardised), { ring: true }),
      term: pieOption(slices('term', a.byTerm), { ring: true }),
    };
  }, [a, label]);

  const facetCard = (facet: Exclude<OrgFacet, 'all'>, option: EChartsCoreOption) => {
    const title = t(`facet.${facet}`);
    return (
      <Card title={title}>
        <Chart
          option={option}
          label={title}
          onPick={(pick) => setDrill({ facet, key: pick.key, label: `${title} · ${label(facet, pick.key)}` })}
        />
      </Card>
    );
  };

  return (
    <section aria-label={t('analysis.orgSystem')}>
      <div className="analysis__bar">
        <p className="analysis__meta">{t('portrait.asOf', { day: formatDate(a.day) })}</p>
        <a className="button button--secondary" href={exportHref('org-system', org)} download>
          {t('analysis.export')}
        </a>
      </div>
      <section className="figures" aria-label={t('analysis.orgSystem')}>
        <Figure
          testId="analysis-orgs"
          label={t('analysis.orgs')}
          value={formatNumber(a.total)}
          onClick={() => setDrill({ facet: 'all', key: '', label: t('analysis.allOrgs') })}
        />
        <Figure
          label={t('analysis.standardRate')}
          value={percent(a.standardisedRate)}
          onClick={() =>
            setDrill({
              facet: 'standardised',
              key: 'yes',
              label: `${t('facet.standardised')} · ${t('standardised.yes')}`,
            })
          }
        />
      </section>
      {drill && (
        <OrgDrill key={`${drill.facet}:${drill.key}`} org={org} target={drill} onClose={() => setDrill(null)} />
      )}
      <div className="card-grid">
        {facetCard('kind', charts.kind)}
        {facetCard('category', charts.category)}
        {facetCard('county', charts.county)}
        {facetCard('star', charts.star)}
        {facetCard('standardised', charts.standardised)}
        {facetCard('term', charts.term)}
      </div>
    </section>
  );
}

/** The organisations behind an org-system figure, paged, each opening its portrait. */
function OrgDrill({ org, target, onClose }: { org: number; target: OrgDrillTarget; onClose: () => void }) {
  const { t, formatNumber, formatDate } = useI18n();
  const [page, setPage] = useState(1);
  const drill = useOrgDrill(org, target, page);
  const total = drill.status === 'success' ? drill.data.total : 0;
  const pages = Math.max(1, Math.ceil(total / ORG_DRILL_PAGE_SIZE));
  const heading = t('portrait.drillOrgs', { label: target.label, n: formatNumber(total) });
  return (
    <section className="drill" aria-label={heading}>
      <header className="drill__header">
        <h3 data-testid="drill-heading">{heading}</h3>
        <button type="button" className="button button--secondary" onClick={onClose}>
          {t('portrait.drillClose')}
        </button>
      </header>
      <div className="drill__body">
        {drill.status === 'loading' && <PanelStatus kind="loading" message={t('app.loading')} />}
        {drill.status === 'error' && (
          <PanelStatus kind="error" message={errorText(t, drill.error)} onRetry={drill.reload} />
        )}
        {drill.status === 'success' && (
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('analysis.sheet.org')}</th>
                <th>{t('facet.kind')}</th>
                <th>{t('facet.category')}</th>
                <th>{t('facet.county')}</th>
                <th>{t('facet.star')}</th>
                <th>{t('facet.standardised')}</th>
                <th>{t('facet.term')}</th>
                <th>{t('analysis.parent')}</th>
              </tr>
            </thead>
            <tbody>
              {drill.data.rows.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link href={portraitPath('org', o.id)}>{o.name}</Link>
                  </td>
                  <td>{labelOf(t, 'kind', o.kind)}</td>
                  <td>{labelOf(t, 'category', o.category)}</td>
                  <td>{o.countyName ?? '—'}</td>
                  <td>
                    <StarRating star={o.star} showUnrated />
                  </td>
                  <td>{t(o.standardised ? 'standardised.yes' : 'standardised.no')}</td>
                  <td>
                    {o.termEnd ? formatDate(o.termEnd) : '—'} · {keyLabel(t, 'term', o.termState)}
                  </td>
                  <td>{o.parentName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pager page={page} pages={pages} onPage={setPage} />
    </section>
  );
}

/** 党员队伍综合分析. */
function MemberTeamSection({ org }: { org: number }) {
  const team = useMemberTeam(org);
  return <Loaded state={team}>{(a) => <MemberTeamView org={org} a={a} />}</Loaded>;
}

function MemberTeamView({ org, a }: { org: number; a: MemberTeam }) {
  const { t, formatNumber, formatDate } = useI18n();
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const s = a.structure;

  const charts = useMemo(() => {
    const data = (facet: string, list: { key: string; count: number }[]) =>
      list.map((c) => ({ key: c.key, label: keyLabel(t, facet, c.key), value: c.count }));
    const slices = (facet: string, list: { key: string; count: number }[]) =>
      data(facet, list).filter((d) => d.value > 0);
    return {
      status: pieOption(slices('status', s.byStatus), { ring: true }),
      gender: pieOption(slices('gender', s.byGender)),
      age: barOption(data('age', s.byAge)),
      education: barOption(data('education', s.byEducation)),
      partyAge: barOption(data('partyAge', s.byPartyAge)),
      ethnicity: barOption(data('ethnicity', s.byEthnicity.slice(0, 8)), { horizontal: true }),
      trends: lineOption(
        a.trends.map((m) => m.month),
        [
          { name: t('analysis.admitted'), values: a.trends.map((m) => m.admitted) },
          { name: t('analysis.becameFull'), values: a.trends.map((m) => m.becameFull) },
        ],
      ),
    };
  }, [a, s, t]);

  const facetCard = (facet: Exclude<MemberFacet, 'all' | 'party'>, option: EChartsCoreOption) => {
    const title = t(`facet.${facet}`);
    return (
      <Card title={title}>
        <Chart
          option={option}
          label={title}
          onPick={(pick) =>
            setDrill({ kind: 'members', facet, key: pick.key, label: `${title} · ${keyLabel(t, facet, pick.key)}` })
          }
        />
      </Card>
    );
  };

  return (
    <section aria-label={t('analysis.memberTeam')}>
      <div className="analysis__bar">
        <p className="analysis__meta">{t('portrait.asOf', { day: formatDate(a.day) })}</p>
        <a className="button button--secondary" href={exportHref('member-team', org)} download>
          {t('analysis.export')}
        </a>
      </div>
      <section className="figures" aria-label={t('portrait.members')}>
        <Figure
          testId="analysis-party"
          label={t('portrait.party')}
          value={formatNumber(s.party)}
          onClick={() => setDrill({ kind: 'members', facet: 'party', key: '', label: t('portrait.party') })}
        />
        <Figure
          label={t('portrait.roll')}
          value={formatNumber(s.roll)}
          onClick={() => setDrill({ kind: 'members', facet: 'all', key: '', label: t('portrait.roll') })}
        />
        <Figure
          label={t('portrait.cadreShare')}
          value={percent(s.cadres.share)}
          onClick={() => setDrill({ kind: 'members', facet: 'cadre', key: 'cadre', label: t('portrait.cadreShare') })}
        />
      </section>
      {drill && <DrillList key={JSON.stringify(drill)} orgId={org} target={drill} onClose={() => setDrill(null)} />}
      <div className="card-grid">
        {facetCard('status', charts.status)}
        {facetCard('gender', charts.gender)}
        {facetCard('age', charts.age)}
        {facetCard('education', charts.education)}
        {facetCard('partyAge', charts.partyAge)}
        {facetCard('ethnicity', charts.ethnicity)}
        <Card title={t('analysis.trends')} wide>
          <Chart option={charts.trends} label={t('analysis.trends')} />
        </Card>
      </div>
    </section>
  );
}

/** The 组织力 ranking of the subtree, with the items, weights and formulas the score is made of. */
function RankingSection({ org }: { org: number }) {
  const { t, locale, formatDate } = useI18n();
  const ranking = useRanking(org);
  const definition = useIndexDefinition();
  const first = ranking.status === 'success' ? ranking.data[0] : undefined;
  return (
    <section className="analysis__ranking" aria-label={t('index.ranking')}>
      <h3 className="portrait__section">{t('index.ranking')}</h3>
      <div className="card-grid">
        <Card title={t('index.ranking')} wide>
          {ranking.status === 'loading' && <PanelStatus kind="loading" message={t('app.loading')} />}
          {ranking.status === 'error' && (
            <PanelStatus kind="error" message={errorText(t, ranking.error)} onRetry={ranking.reload} />
          )}
          {ranking.status === 'success' && ranking.data.length === 0 && <p>{t('analysis.noRanking')}</p>}
          {first?.asOf && (
            <p className="analysis__meta">
              {first.previousAsOf
                ? t('analysis.rankingAsOf', { day: formatDate(first.asOf), previous: formatDate(first.previousAsOf) })
                : t('analysis.rankingAsOfFirst', { day: formatDate(first.asOf) })}
            </p>
          )}
          {ranking.status === 'success' && ranking.data.length > 0 && (
            <table className="data-table ranking" data-testid="ranking">
              <thead>
                <tr>
                  <th>{t('analysis.rank')}</th>
                  <th>{t('analysis.sheet.org')}</th>
                  <th className="num">{t('index.organisation')}</th>
                  <th className="num">{t('index.trend')}</th>
                  <th className="num">{t('index.vanguard')}</th>
                </tr>
              </thead>
              <tbody>
                {ranking.data.map((r) => {
                  const trend = trendOf(r.change);
                  const size = trend.text.slice(1);
                  return (
                    <tr key={r.orgId}>
                      <td>{r.rank}</td>
                      <td>
                        <Link href={portraitPath('org', r.orgId)}>{r.name}</Link>
                      </td>
                      <td className="num">{r.organisation === null ? '—' : r.organisation.toFixed(1)}</td>
                      <td className={`num trend trend--${trend.direction}`}>
                        <span aria-hidden="true">{trend.text}</span>
                        <span className="sr-only">
                          {trend.direction === 'up'
                            ? t('analysis.up', { n: size })
                            : trend.direction === 'down'
                              ? t('analysis.down', { n: size })
                              : trend.text}
                        </span>
                      </td>
                      <td className="num">{r.vanguard === null ? '—' : r.vanguard.toFixed(1)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Card>
        <Card title={t('index.formula')}>
          <p className="analysis__formula">{t('analysis.formulaTotal')}</p>
          {definition.status === 'error' && <p role="alert">{errorText(t, definition.error)}</p>}
          {definition.status === 'success' && (
            <table className="data-table data-table--compact">
              <thead>
                <tr>
                  <th>{t('analysis.sheet.dimension')}</th>
                  <th className="num">{t('index.weight')}</th>
                  <th>{t('index.formula')}</th>
                </tr>
              </thead>
              <tbody>
                {definition.data.organisation.map((i) => (
                  <tr key={i.key}>
                    <td>{keyLabel(t, 'item', i.key)}</td>
                    <td className="num">{i.weight}</td>
                    <td className="analysis__formula">{i.formula[locale]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </section>
  );
}

function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  if (pages <= 1) return null;
  return (
    <nav className="drill__pages">
      <button type="button" className="button button--secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹
      </button>
      <span>
        {page}/{pages}
      </span>
      <button
        type="button"
        className="button button--secondary"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        ›
      </button>
    </nav>
  );
}
