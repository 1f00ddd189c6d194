import type { InferResponseType } from 'hono/client';
import { Map as MaplibreMap, Marker } from 'maplibre-gl';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ORG_LIFE_KINDS } from '../../api/portraits/query.ts';
import { AppHeader } from '../components/AppHeader.tsx';
import { Link, portraitPath, useNavigate } from '../components/Link.tsx';
import { PanelStatus } from '../components/PanelStatus.tsx';
import { Card } from '../components/portrait/Card.tsx';
import { keyLabel } from '../components/portrait/labels.ts';
import { useAsync } from '../hooks/useAsync.ts';
import type { LifeKind } from '../hooks/usePortraits.ts';
import type { SessionUser } from '../hooks/useSession.ts';
import { useI18n } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';
import { api, unwrap } from '../lib/api.ts';
import { readBasemapConfig } from '../map/config.ts';
import { DEFAULT_STATE } from '../map/state.ts';
import { buildStyle, CJK_FONT_FAMILY } from '../map/style.ts';
import './portrait.css';

/** `GET /api/org-life/:id`: an event with every member of its organisation and their attendance. */
export type OrgLifeEvent = InferResponseType<(typeof api)['org-life'][':id']['$get'], 200>;
type Status = 'present' | 'absent' | 'leave';

/** Props of {@link OrgLifePage}. */
export interface OrgLifePageProps {
  user: SessionUser;
  onLogout: () => Promise<void>;
  path: string;
  /** An event to show and mark; without it, a new event for `orgId`. */
  eventId?: number;
  orgId?: number;
}

/**
 * 组织生活 for secretaries: record a 三会一课 / 主题党日 event (kind, title, time window, place
 * picked on the map, attendance radius) at `/org-life/new?org=`, then mark attendance at
 * `/org-life/:id`. Members whose BeiDou fixes fall inside place and window are marked present by
 * the server itself (无感考勤); a manual mark replaces that.
 */
export function OrgLifePage({ user, onLogout, path, eventId, orgId }: OrgLifePageProps) {
  return (
    <div className="app app--page">
      <AppHeader user={user} onLogout={onLogout} path={path} />
      <main className="page portrait">
        {eventId ? <EventView id={eventId} /> : orgId ? <NewEvent orgId={orgId} /> : null}
      </main>
    </div>
  );
}

/** 'YYYY-MM-DD' + 'HH:MM' in Asia/Shanghai as an ISO time with its offset. */
const shanghai = (day: string, time: string) => `${day}T${time}:00+08:00`;

function NewEvent({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const org = useAsync(
    (signal) => unwrap(api.orgs[':id'].$get({ param: { id: String(orgId) } }, { init: { signal } })),
    [orgId],
  );
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const [kind, setKind] = useState<LifeKind>('theme_day');
  const [title, setTitle] = useState('');
  const [day, setDay] = useState(today);
  const [from, setFrom] = useState('09:00');
  const [to, setTo] = useState('11:00');
  const [placeName, setPlaceName] = useState('');
  const [radius, setRadius] = useState(200);
  const [place, setPlace] = useState<{ lon: number; lat: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const seat = org.status === 'success' ? org.data.geometry?.coordinates : undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await unwrap(
        api['org-life'].$post({
          json: {
            orgId,
            kind,
            title: title || `${keyLabel(t, 'life', kind)}`,
            startsAt: shanghai(day, from),
            endsAt: shanghai(day, to),
            ...(placeName ? { placeName } : {}),
            ...(place ? { place } : {}),
            radiusM: radius,
          } as never,
        }),
      );
      navigate(`/org-life/${(created as { id: number }).id}`);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  if (org.status === 'loading') return <PanelStatus kind="loading" message={t('app.loading')} />;
  if (org.status === 'error')
    return <PanelStatus kind="error" message={errorText(t, org.error)} onRetry={org.reload} />;
  return (
    <>
      <header className="portrait__header">
        <h2>
          {t('orgLife.new')} · {org.data.name}
        </h2>
        <Link href={portraitPath('org', orgId)} className="button button--secondary">
          {t('orgLife.backToPortrait')}
        </Link>
      </header>
      <form className="card-grid" onSubmit={submit}>
        <Card title={t('orgLife.details')}>
          <div className="form-grid">
            <label>
              {t('facet.kind')}
              <select value={kind} onChange={(e) => setKind(e.target.value as LifeKind)}>
                {ORG_LIFE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {keyLabel(t, 'life', k)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('orgLife.title')}
              <input
                value={title}
                maxLength={200}
                onChange={(e) => setTitle(e.target.value)}
                placeholder={keyLabel(t, 'life', kind)}
              />
            </label>
            <label>
              {t('orgLife.day')}
              <input type="date" value={day} required onChange={(e) => setDay(e.target.value)} />
            </label>
            <label>
              {t('orgLife.from')}
              <input type="time" value={from} required onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              {t('orgLife.to')}
              <input type="time" value={to} required onChange={(e) => setTo(e.target.value)} />
            </label>
            <label>
              {t('orgLife.placeName')}
              <input value={placeName} maxLength={200} onChange={(e) => setPlaceName(e.target.value)} />
            </label>
            <label>
              {t('orgLife.radius')}
              <input
                type="number"
                min={20}
                max={5000}
                step={10}
                value={radius}
                onChange={(e) => setRadius(Number(e.target.value))}
              />
            </label>
          </div>
          {error && (
            <p role="alert" className="form-error">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('orgLife.save')}
          </button>
        </Card>
        <Card title={t('orgLife.pickPlace')}>
          <PlacePicker center={seat} place={place} onPick={setPlace} />
          <p className="index-panel__formula" data-testid="picked-place">
            {place ? `${place.lon.toFixed(5)}, ${place.lat.toFixed(5)}` : t('orgLife.noPlace')}
          </p>
        </Card>
      </form>
    </>
  );
}

/** A small map on the offline base map: a click sets the event's place (a draggable marker). */
function PlacePicker({
  center,
  place,
  onPick,
}: {
  center: [number, number] | undefined;
  place: { lon: number; lat: number } | null;
  onPick: (p: { lon: number; lat: number }) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const marker = useRef<Marker | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!box.current) return;
    const map = new MaplibreMap({
      container: box.current,
      style: buildStyle({
        origin: window.location.origin,
        theme: 'light',
        basemap: readBasemapConfig(),
        layers: ['admin', 'border', 'zones'],
        filters: DEFAULT_STATE.filters,
        selection: null,
      }),
      center: center ?? DEFAULT_STATE.center,
      zoom: center ? 13 : 8,
      attributionControl: false,
      localIdeographFontFamily: CJK_FONT_FAMILY,
      transformRequest: (url) => ({ url: new URL(url, window.location.href).href }),
    });
    (box.current as HTMLElement & { redmapMap?: MaplibreMap }).redmapMap = map;
    map.on('click', (e) => pick.current({ lon: e.lngLat.lng, lat: e.lngLat.lat }));
    return () => map.remove();
  }, [center]);
  useEffect(() => {
    const map = (box.current as (HTMLElement & { redmapMap?: MaplibreMap }) | null)?.redmapMap;
    if (!map || !place) return;
    if (!marker.current) {
      const m = new Marker({ color: '#c8102e', draggable: true }).setLngLat([place.lon, place.lat]).addTo(map);
      m.on('dragend', () => {
        const p = m.getLngLat();
        pick.current({ lon: p.lng, lat: p.lat });
      });
      marker.current = m;
    }
    marker.current.setLngLat([place.lon, place.lat]);
  }, [place]);
  return <div ref={box} className="mini-map" style={{ height: 320 }} data-testid="place-picker" />;
}

function EventView({ id }: { id: number }) {
  const { t, formatDate } = useI18n();
  const event = useAsync(
    (signal) => unwrap(api['org-life'][':id'].$get({ param: { id: String(id) } }, { init: { signal } })),
    [id],
  );
  const [marks, setMarks] = useState<Map<number, Status>>(new Map());
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  if (event.status === 'loading') return <PanelStatus kind="loading" message={t('app.loading')} />;
  if (event.status === 'error')
    return <PanelStatus kind="error" message={errorText(t, event.error)} onRetry={event.reload} />;
  const e = event.data as OrgLifeEvent & {
    attendance: {
      memberId: number;
      name: string;
      status: Status | null;
      source: string | null;
      phone: string | null;
    }[];
  };

  async function save() {
    try {
      const records = [...marks].map(([memberId, status]) => ({ memberId, status }));
      await unwrap(api['org-life'][':id'].attendance.$put({ param: { id: String(id) }, json: { records } }));
      setMarks(new Map());
      setNotice({ ok: true, text: t('orgLife.saved', { n: records.length }) });
      event.reload();
    } catch (err) {
      setNotice({ ok: false, text: errorText(t, err) });
    }
  }

  const present = e.attendance.filter((a) => (marks.get(a.memberId) ?? a.status) === 'present').length;
  return (
    <>
      <header className="portrait__header">
        <h2 data-testid="event-title">
          {keyLabel(t, 'life', e.kind as string)} · {e.title as string}
        </h2>
        <p className="portrait__meta">
          {e.orgName as string} · {formatDate(String(e.startsAt).slice(0, 10))} ·{' '}
          {(e.placeName as string | null) ?? '—'}
        </p>
        <Link href={portraitPath('org', e.orgId as number)} className="button button--secondary">
          {t('orgLife.backToPortrait')}
        </Link>
      </header>
      <Card title={t('orgLife.attendance', { present, total: e.attendance.length })} wide>
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('portrait.name')}</th>
              <th>{t('portrait.present')}</th>
              <th>{t('portrait.leave')}</th>
              <th>{t('portrait.absent')}</th>
              <th>{t('orgLife.source')}</th>
            </tr>
          </thead>
          <tbody>
            {e.attendance.map((a) => {
              const status = marks.get(a.memberId) ?? a.status;
              return (
                <tr key={a.memberId}>
                  <td>{a.name}</td>
                  {(['present', 'leave', 'absent'] as const).map((s) => (
                    <td key={s}>
                      <input
                        type="radio"
                        name={`m${a.memberId}`}
                        aria-label={`${a.name} ${t(`portrait.${s}`)}`}
                        checked={status === s}
                        onChange={() => setMarks(new Map(marks).set(a.memberId, s))}
                      />
                    </td>
                  ))}
                  <td>
                    {a.source === 'beidou'
                      ? t('portrait.attendanceBeidou')
                      : a.source
                        ? t('portrait.attendanceManual')
                        : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {notice && (
          <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? '' : 'form-error'}>
            {notice.text}
          </p>
        )}
        <button type="button" className="button button--primary" disabled={marks.size === 0} onClick={save}>
          {t('orgLife.saveMarks')}
        </button>
      </Card>
    </>
  );
}
