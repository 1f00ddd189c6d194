import { useContext, useMemo, useState } from 'react';
import { ONLINE_WINDOW_MINUTES } from '../../api/devices/online.ts';
import { AppHeader } from '../components/AppHeader.tsx';
import { Chart } from '../components/charts/Chart.tsx';
import type { EChartsCoreOption } from '../components/charts/echarts.ts';
import { barOption, groupedBarOption, lineOption, pieOption, radarOption } from '../components/charts/options.ts';
import { Link, portraitPath } from '../components/Link.tsx';
import { PanelStatus } from '../components/PanelStatus.tsx';
import { Card, Figure } from '../components/portrait/Card.tsx';
import { DrillList } from '../components/portrait/DrillList.tsx';
import { IndexPanel } from '../components/portrait/IndexPanel.tsx';
import { keyLabel, percent } from '../components/portrait/labels.ts';
import { MiniMap } from '../components/portrait/MiniMap.tsx';
import { StarRating } from '../components/StarRating.tsx';
import { type DrillTarget, type LifeKind, type OrgPortrait, useOrgPortrait } from '../hooks/usePortraits.ts';
import { RoleContext } from '../hooks/useRole.ts';
import type { SessionUser } from '../hooks/useSession.ts';
import { useI18n } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';
import { labelOf } from '../i18n/labels.ts';
import './portrait.css';

/** Props of {@link OrgPortraitPage}. */
export interface OrgPortraitPageProps {
  user: SessionUser;
  onLogout: () => Promise<void>;
  path: string;
  orgId: number;
}

/**
 * 支部画像 at `/orgs/:id/portrait`: an organisation and its subtree at a glance — member structure,
 * 三会一课 against the required frequency, attendance, basics, index, zones and joint points on a
 * mini-map, warnings, and the organisations below. Every figure drills down: a click on a bar,
 * slice or number lists the members or events behind it, from the server, in the same scope.
 */
export function OrgPortraitPage({ user, onLogout, path, orgId }: OrgPortraitPageProps) {
  const { t } = useI18n();
  const portrait = useOrgPortrait(orgId);
  return (
    <div className="app app--page">
      <AppHeader user={user} onLogout={onLogout} path={path} />
      <main className="page portrait">
        {portrait.status === 'loading' && <PanelStatus kind="loading" message={t('portrait.loading')} />}
        {portrait.status === 'error' && (
          <PanelStatus
            kind="error"
            message={t('portrait.error', { message: errorText(t, portrait.error) })}
            onRetry={portrait.reload}
          />
        )}
        {portrait.status === 'success' && <OrgPortraitView p={portrait.data} />}
      </main>
    </div>
  );
}

function OrgPortraitView({ p }: { p: OrgPortrait }) {
  const { t, formatNumber, formatDate } = useI18n();
  const role = useContext(RoleContext);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const s = p.structure;
  const members = (facet: Extract<DrillTarget, { kind: 'members' }>) => () => setDrill(facet);

  const charts = useMemo(() => {
    const data = (facet: string, list: { key: string; count: number }[]) =>
      list.map((c) => ({ key: c.key, label: keyLabel(t, facet, c.key), value: c.count }));
    const life = p.orgLife.byKind;
    return {
      status: pieOption(data('status', s.byStatus), { ring: true }),
      gender: pieOption(data('gender', s.byGender)),
      age: barOption(data('age', s.byAge)),
      education: barOption(data('education', s.byEducation)),
      partyAge: barOption(data('partyAge', s.byPartyAge)),
      ethnicity: barOption(data('ethnicity', s.byEthnicity.slice(0, 8)), { horizontal: true }),
      life: groupedBarOption(
        life.map((k) => ({ key: k.kind, label: keyLabel(t, 'life', k.kind) })),
        [
          { name: t('portrait.required'), values: life.map((k) => k.required) },
          { name: t('portrait.held'), values: life.map((k) => k.held) },
        ],
      ),
      attendance: lineOption(
        p.orgLife.byMonth.map((m) => m.month),
        [{ name: t('portrait.attendanceRate'), values: p.orgLife.byMonth.map((m) => m.rate) }],
        { percent: true },
      ),
      sources: pieOption(
        [
          { key: 'manual', label: t('portrait.attendanceManual'), value: p.orgLife.attendance.manual },
          { key: 'beidou', label: t('portrait.attendanceBeidou'), value: p.orgLife.attendance.beidou },
        ],
        { ring: true },
      ),
      index: radarOption(
        p.index.organisationItems.map((i) => ({ key: i.key, label: keyLabel(t, 'item', i.key), value: i.value })),
        t('index.organisation'),
      ),
    };
  }, [p, s, t]);

  const facetChart = (
    facet: Extract<DrillTarget, { kind: 'members' }>['facet'],
    title: string,
    option: EChartsCoreOption,
  ) => (
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

  const org = p.org;
  // Secretaries and administrators record org life (the server checks the role again).
  const records = role === 'secretary' || role === 'admin';
  const termFlag =
    org.termStatus === 'due' ? 'flag flag--warn' : org.termStatus === 'overdue' ? 'flag flag--alert' : 'flag';

  return (
    <>
      <header className="portrait__header">
        <nav className="portrait__lineage" aria-label={t('portrait.lineage')}>
          {p.lineage.map((a, i) => (
            <span key={a.id}>
              {i > 0 && ' › '}
              {a.inScope && a.id !== org.id ? (
                <Link href={portraitPath('org', a.id)}>{a.name}</Link>
              ) : (
                <span title={a.inScope ? undefined : t('portrait.outOfScope')}>{a.name}</span>
              )}
            </span>
          ))}
        </nav>
        <h2>
          {t('portrait.org.title')} · <span data-testid="portrait-name">{org.name}</span>
        </h2>
        <p className="portrait__meta">
          {labelOf(t, 'kind', org.kind)} · {labelOf(t, 'category', org.category)} · {org.countyName ?? '—'} ·{' '}
          {t('portrait.asOf', { day: formatDate(p.day) })}
          {org.isDemo && <span className="flag flag--info">{t('panels.drawer.demo')}</span>}
        </p>
        <span className="portrait__actions">
          {records && (
            <Link href={`/org-life/new?org=${org.id}`} className="button button--primary">
              {t('orgLife.new')}
            </Link>
          )}
          <Link href="/" className="button button--secondary">
            {t('portrait.back')}
          </Link>
        </span>
      </header>

      <section className="figures" aria-label={t('portrait.basics')}>
        <Figure
          testId="figure-party"
          label={t('portrait.party')}
          value={formatNumber(s.party)}
          onClick={members({ kind: 'members', facet: 'party', key: '', label: t('portrait.party') })}
        />
        <Figure
          label={t('portrait.roll')}
          value={formatNumber(s.roll)}
          onClick={members({ kind: 'members', facet: 'all', key: '', label: t('portrait.roll') })}
        />
        <Figure
          label={t('portrait.cadreShare')}
          value={percent(s.cadres.share)}
          onClick={members({ kind: 'members', facet: 'cadre', key: 'cadre', label: t('portrait.cadreShare') })}
        />
        <Figure
          label={t('portrait.events')}
          value={formatNumber(p.orgLife.events)}
          onClick={() => setDrill({ kind: 'events', label: t('portrait.events') })}
        />
        <Figure
          testId="figure-attendance"
          label={t('portrait.attendanceRate')}
          value={percent(p.orgLife.attendance.rate)}
          onClick={() => setDrill({ kind: 'events', label: t('portrait.attendanceRate') })}
        />
        <Figure
          label={t('portrait.warnings')}
          value={formatNumber(Number(p.warnings?.total ?? 0))}
          href={`/warnings?org=${org.id}`}
        />
        <Figure
          label={t('portrait.devices')}
          value={t('portrait.devicesOnline', {
            online: formatNumber(p.devices.online),
            total: formatNumber(p.devices.total),
            minutes: ONLINE_WINDOW_MINUTES,
          })}
        />
        <Figure
          label={t('index.organisation')}
          value={p.index.organisation === null ? '—' : String(p.index.organisation)}
        />
      </section>

      {drill && <DrillList key={JSON.stringify(drill)} orgId={org.id} target={drill} onClose={() => setDrill(null)} />}

      <h3 className="portrait__section">{t('portrait.members')}</h3>
      <div className="card-grid">
        {facetChart('status', t('facet.status'), charts.status)}
        {facetChart('gender', t('facet.gender'), charts.gender)}
        {facetChart('age', t('facet.age'), charts.age)}
        {facetChart('education', t('facet.education'), charts.education)}
        {facetChart('partyAge', t('facet.partyAge'), charts.partyAge)}
        {facetChart('ethnicity', t('facet.ethnicity'), charts.ethnicity)}
      </div>

      <h3 className="portrait__section">{t('portrait.orgLife', { year: p.orgLife.year })}</h3>
      <div className="card-grid">
        <Card title={t('portrait.completion')} wide>
          <Chart
            option={charts.life}
            label={t('portrait.completion')}
            onPick={(pick) => {
              const kind = pick.key as LifeKind;
              const label = keyLabel(t, 'life', kind);
              // 应开 lists each organisation's completion; 已开 the events held.
              setDrill(
                pick.seriesIndex === 0
                  ? { kind: 'life', lifeKind: kind, label }
                  : { kind: 'events', lifeKind: kind, label },
              );
            }}
          />
          <ul className="completion-list">
            {p.orgLife.byKind.map((k) => (
              <li key={k.kind}>
                {keyLabel(t, 'life', k.kind)}（{t(`period.${k.period as 'month' | 'quarter'}`)}）：{k.held}/{k.required}{' '}
                · {percent(k.completion)}
              </li>
            ))}
          </ul>
        </Card>
        <Card title={t('portrait.byMonth')}>
          <Chart
            option={charts.attendance}
            label={t('portrait.byMonth')}
            onPick={(pick) =>
              setDrill({ kind: 'events', month: pick.key, label: `${t('portrait.byMonth')} · ${pick.key}` })
            }
          />
        </Card>
        <Card title={`${t('portrait.attendanceManual')} / ${t('portrait.attendanceBeidou')}`}>
          <Chart option={charts.sources} label={t('portrait.attendanceBeidou')} />
        </Card>
      </div>

      <div className="card-grid">
        <Card title={t('portrait.basics')}>
          <dl className="facts">
            <dt>{t('portrait.star')}</dt>
            <dd>
              <StarRating star={org.star} showUnrated />
            </dd>
            <dt>{t('portrait.standardised')}</dt>
            <dd>{t(org.standardised ? 'standardised.yes' : 'standardised.no')}</dd>
            <dt>{t('portrait.term')}</dt>
            <dd>
              {org.termStart ? formatDate(org.termStart) : '—'} – {org.termEnd ? formatDate(org.termEnd) : '—'}{' '}
              <span className={termFlag}>{t(`term.${org.termStatus}`)}</span>
            </dd>
            <dt>{t('portrait.teams')}</dt>
            <dd>{p.teams.length ? p.teams.map((team) => `${team.name}（${team.members}）`).join('、') : '—'}</dd>
          </dl>
        </Card>
        <Card title={`${t('portrait.zones')} ${p.zoneCount} · ${t('portrait.jointPoints')} ${p.jointPointCount}`}>
          <MiniMap
            label={t('portrait.zones')}
            zones={p.zones}
            points={p.jointPoints.map((j) => ({
              lon: j.geometry.coordinates[0],
              lat: j.geometry.coordinates[1],
              name: j.name,
            }))}
          />
        </Card>
        <Card title={t('portrait.index')}>
          <IndexPanel
            score={p.index.organisation}
            items={p.index.organisationItems}
            option={charts.index}
            which="organisation"
          />
        </Card>
      </div>

      <div className="card-grid">
        <Card title={t('portrait.warnings')} wide>
          <WarningList items={p.warnings?.items ?? []} />
        </Card>
        <Card title={t('portrait.children')} wide>
          {p.children.length === 0 ? (
            <p>—</p>
          ) : (
            <table className="data-table">
              <tbody>
                {p.children.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link href={portraitPath('org', c.id)}>{c.name}</Link>
                    </td>
                    <td>{labelOf(t, 'kind', c.kind)}</td>
                    <td>
                      <StarRating star={c.star} />
                    </td>
                    <td>{t('portrait.childMembers', { n: formatNumber(c.members) })}</td>
                    <td>{t('portrait.childOrgs', { n: formatNumber(c.orgs) })}</td>
                    <td>{t('portrait.childWarnings', { n: formatNumber(c.warnings) })}</td>
                    <td>{c.index === null ? '—' : c.index.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}

/** A live warning as the portrait lists it. */
export interface WarningItem {
  id: number;
  rule: string;
  topic: string;
  severity: string;
  due: string | null;
  orgName: string;
}

/** The most pressing live warnings of a subtree. */
export function WarningList({ items }: { items: WarningItem[] }) {
  const { t, formatDate } = useI18n();
  if (items.length === 0) return <p>{t('portrait.noWarnings')}</p>;
  return (
    <ul className="warning-list">
      {items.map((w) => (
        <li key={w.id} className={`warning-item warning-item--${w.severity}`}>
          <span className="warning-item__rule">{keyLabel(t, 'rule', w.rule)}</span>
          {w.topic && <span> · {keyLabel(t, 'life', w.topic)}</span>}
          <span> · {w.orgName}</span>
          {w.due && <span className="warning-item__due"> · {formatDate(w.due)}</span>}
        </li>
      ))}
    </ul>
  );
}
