import { useMemo } from 'react';
import { AppHeader } from '../components/AppHeader.tsx';
import { Chart } from '../components/charts/Chart.tsx';
import { lineOption, radarOption } from '../components/charts/options.ts';
import { Link, portraitPath } from '../components/Link.tsx';
import { PanelStatus } from '../components/PanelStatus.tsx';
import { IndexPanel } from '../components/portrait/IndexPanel.tsx';
import { keyLabel, percent } from '../components/portrait/labels.ts';
import { MiniMap } from '../components/portrait/MiniMap.tsx';
import { type MemberPortrait, useMemberPortrait } from '../hooks/usePortraits.ts';
import { useLeads } from '../hooks/useRole.ts';
import type { SessionUser } from '../hooks/useSession.ts';
import { useI18n } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';
import './portrait.css';

/** Props of {@link MemberPortraitPage}. */
export interface MemberPortraitPageProps {
  user: SessionUser;
  onLogout: () => Promise<void>;
  path: string;
  memberId: number;
}

/**
 * 党员画像 at `/members/:id/portrait`: profile (phone and ID masked by the server per role), path
 * through the organisations, party age, zones and duty hours, 12 months of org-life attendance,
 * 先锋力 items, terminals, and the recent track on a mini-map. The server audits each read.
 */
export function MemberPortraitPage({ user, onLogout, path, memberId }: MemberPortraitPageProps) {
  const { t } = useI18n();
  const portrait = useMemberPortrait(memberId);
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
        {portrait.status === 'success' && <MemberPortraitView p={portrait.data} />}
      </main>
    </div>
  );
}

function MemberPortraitView({ p }: { p: MemberPortrait }) {
  const { t, formatNumber, formatDate, locale } = useI18n();
  const leads = useLeads();
  const m = p.profile;
  const dateTime = useMemo(
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    [locale],
  );
  const attendance = useMemo(
    () =>
      lineOption(
        p.attendance.byMonth.map((x) => x.month),
        [
          {
            name: t('portrait.attendanceRate'),
            values: p.attendance.byMonth.map((x) => (x.recorded ? x.present / x.recorded : null)),
          },
        ],
        { percent: true },
      ),
    [p, t],
  );
  const radar = useMemo(
    () =>
      radarOption(
        p.index.vanguardItems.map((i) => ({ key: i.key, label: keyLabel(t, 'item', i.key), value: i.value })),
        t('index.vanguard'),
      ),
    [p, t],
  );
  const lastDevice = p.devices.find((d) => d.lastPosition);
  const track: [number, number][] = p.track.map((f) => [f.lon, f.lat]);
  const points = lastDevice?.lastPosition
    ? [{ lon: lastDevice.lastPosition.lon, lat: lastDevice.lastPosition.lat, name: t('portrait.lastFix') }]
    : [];
  const orgLink = (id: number, name: string, inScope: boolean) =>
    inScope && leads ? <Link href={portraitPath('org', id)}>{name}</Link> : <span>{name}</span>;

  return (
    <>
      <header className="portrait__header">
        <nav className="portrait__lineage" aria-label={t('portrait.lineage')}>
          {p.lineage.map((a, i) => (
            <span key={a.id}>
              {i > 0 && ' › '}
              {orgLink(a.id, a.name, a.inScope)}
            </span>
          ))}
        </nav>
        <h2>
          {t('portrait.member.title')} · <span data-testid="portrait-name">{m.name}</span>
        </h2>
        <p className="portrait__meta">
          {keyLabel(t, 'status', m.status)}
          {m.isCadre && <span className="flag flag--info">{t('panels.member.cadre')}</span>} ·{' '}
          {t('portrait.asOf', { day: formatDate(p.day) })}
          {m.isDemo && <span className="flag flag--info">{t('panels.drawer.demo')}</span>}
        </p>
        <Link href="/" className="button button--secondary">
          {t('portrait.back')}
        </Link>
      </header>

      <div className="card-grid">
        <section className="card" aria-label={t('portrait.profile')}>
          <h4 className="card__title">{t('portrait.profile')}</h4>
          <dl className="facts">
            <dt>{t('panels.member.gender')}</dt>
            <dd>{keyLabel(t, 'gender', m.gender)}</dd>
            <dt>{t('portrait.birth')}</dt>
            <dd>{m.birthDate ? formatDate(m.birthDate) : String(m.birthYear)}</dd>
            <dt>{t('panels.member.ethnicity')}</dt>
            <dd>{m.ethnicity ?? '—'}</dd>
            <dt>{t('panels.member.education')}</dt>
            <dd>{m.education ? keyLabel(t, 'education', m.education) : '—'}</dd>
            <dt>{t('portrait.joined')}</dt>
            <dd>{m.joinedDate ? formatDate(m.joinedDate) : '—'}</dd>
            <dt>{t('portrait.fullDate')}</dt>
            <dd>{m.fullDate ? formatDate(m.fullDate) : '—'}</dd>
            <dt>{t('portrait.partyAge')}</dt>
            <dd data-testid="party-age">
              {m.partyAge === null ? '—' : t('portrait.partyAgeYears', { n: m.partyAge })}
            </dd>
            <dt>{t('portrait.phone')}</dt>
            <dd className="drawer-mono" data-testid="member-phone">
              {m.phone ?? '—'}
            </dd>
            <dt>{t('portrait.idNumber')}</dt>
            <dd className="drawer-mono">{m.idNumber ?? '—'}</dd>
          </dl>
        </section>
        <section className="card" aria-label={t('portrait.zones')}>
          <h4 className="card__title">
            {t('portrait.zones')} · {t('portrait.zoneDuty', { days: p.zoneDuty.days })}{' '}
            <strong>{t('portrait.hours', { n: formatNumber(p.zoneDuty.hours) })}</strong>
          </h4>
          <ul className="plain-list">
            {p.zones.map((z, i) => (
              <li key={z.id ?? `hidden-${i}`}>
                {z.name ?? t('portrait.outOfScope')} · {keyLabel(t, 'zoneKind', z.kind)}
                {z.duty === 'leader' && <span className="flag flag--info">{t('panels.zone.leader')}</span>}
              </li>
            ))}
            {p.zoneDuty.byZone.map((d, i) => (
              <li key={`duty-${d.zoneId ?? i}`}>
                {d.name ?? t('portrait.outOfScope')}: {t('portrait.hours', { n: formatNumber(d.hours) })}
              </li>
            ))}
          </ul>
          <h4 className="card__title">{t('portrait.devices')}</h4>
          <ul className="plain-list">
            {p.devices.length === 0 && <li>—</li>}
            {p.devices.map((d) => (
              <li key={d.id}>
                <span className="drawer-mono">{d.terminalId}</span> · {d.protocol.toUpperCase()} ·{' '}
                <span className={`fix-state fix-state--${d.online ? 'online' : 'offline'}`}>
                  {t(d.online ? 'portrait.online' : 'portrait.offline')}
                </span>
                {d.lastFixAt && <> · {dateTime.format(new Date(d.lastFixAt))}</>}
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-label={t('portrait.track')}>
          <h4 className="card__title">
            {t('portrait.track')} · {p.track.length ? formatNumber(p.track.length) : t('portrait.noTrack')}
          </h4>
          <MiniMap label={t('portrait.track')} zones={p.zones} points={points} track={track} />
        </section>
      </div>

      <div className="card-grid">
        <section className="card card--wide" aria-label={t('portrait.attendance12')}>
          <h4 className="card__title">
            {t('portrait.attendance12')} · {formatNumber(p.attendance.present)}/{formatNumber(p.attendance.recorded)} ·{' '}
            <span data-testid="member-attendance">{percent(p.attendance.rate)}</span>
          </h4>
          <Chart option={attendance} label={t('portrait.attendance12')} />
          <table className="data-table data-table--compact">
            <tbody>
              {p.attendance.recent.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(String(e.startsAt).slice(0, 10))}</td>
                  <td>{keyLabel(t, 'life', e.kind)}</td>
                  <td>{e.title}</td>
                  <td>{t(`portrait.${e.status as 'present' | 'absent' | 'leave'}`)}</td>
                  <td>{e.source === 'beidou' ? t('portrait.attendanceBeidou') : t('portrait.attendanceManual')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-label={t('index.vanguard')}>
          <h4 className="card__title">{t('index.vanguard')}</h4>
          <IndexPanel score={p.index.vanguard} items={p.index.vanguardItems} option={radar} which="vanguard" />
        </section>
      </div>
    </>
  );
}
