import { type FormEvent, useState } from 'react';
import { ONLINE_WINDOW_MINUTES } from '../../api/devices/online.ts';
import { AppHeader } from '../components/AppHeader.tsx';
import { MemberPicker } from '../components/MemberPicker.tsx';
import { PanelStatus } from '../components/PanelStatus.tsx';
import {
  type DeviceCredentials,
  type DeviceRow,
  registerDevice,
  rotateCredentials,
  updateDevice,
  useDevices,
} from '../hooks/useDevices.ts';
import type { SessionUser } from '../hooks/useSession.ts';
import { useI18n } from '../i18n/context.ts';
import { errorText } from '../i18n/errors.ts';

/** Props of {@link DevicesPage}. */
export interface DevicesPageProps {
  user: SessionUser;
  onLogout: () => Promise<void>;
  /** Back to the map workspace. */
  onBack: () => void;
}

const PROTOCOLS: DeviceRow['protocol'][] = ['jt808', 'nmea', 'http'];

/**
 * Terminal management for administrators (终端管理): every BeiDou terminal with its protocol,
 * member, online state and last fix; register, bind, unbind, change the offline threshold and
 * reset credentials. A new secret is shown once, as the server keeps only its hash or hands it
 * to the terminal.
 */
export function DevicesPage({ user, onLogout, onBack }: DevicesPageProps) {
  const { t, locale } = useI18n();
  const devices = useDevices();
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [newMember, setNewMember] = useState<number | null>(null);

  async function act(run: () => Promise<DeviceCredentials | DeviceRow>) {
    setBusy(true);
    try {
      const result = await run();
      const terminal = 'terminalId' in result && result.terminalId ? result.terminalId : String(result.id);
      const shown =
        'token' in result && result.token
          ? { key: 'devices.secret.token' as const, secret: result.token }
          : 'secret' in result && result.secret
            ? { key: 'devices.secret.nmea' as const, secret: result.secret }
            : 'authCode' in result && result.authCode
              ? { key: 'devices.secret.authCode' as const, secret: result.authCode }
              : null;
      setNotice({ kind: 'ok', text: shown ? t(shown.key, { terminal, secret: shown.secret }) : t('devices.done') });
      devices.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  }

  function register(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const device = {
      terminalId: String(form.get('terminalId') ?? '').trim(),
      protocol: String(form.get('protocol')) as DeviceRow['protocol'],
      memberId: newMember,
    };
    void act(() => registerDevice(device));
  }

  const time = (iso: string) => new Date(iso).toLocaleString(locale);
  const list = devices.status === 'success' ? devices.data : [];
  return (
    <div className="devices-page">
      <AppHeader user={user} onLogout={onLogout} />
      <main className="devices-page__main">
        <div className="devices-page__title">
          <h2>{t('devices.heading')}</h2>
          <button type="button" className="button button--secondary" onClick={onBack}>
            {t('devices.back')}
          </button>
        </div>
        <p className="devices-page__intro">{t('devices.intro')}</p>

        <form className="devices-page__register" onSubmit={register} aria-label={t('devices.register')}>
          <h3>{t('devices.register')}</h3>
          <label>
            {t('devices.register.terminalId')}
            <input name="terminalId" required pattern="[0-9A-Za-z_\-]{1,32}" />
          </label>
          <label>
            {t('devices.register.protocol')}
            <select name="protocol" defaultValue="jt808">
              {PROTOCOLS.map((p) => (
                <option key={p} value={p}>
                  {t(`devices.protocol.${p}`)}
                </option>
              ))}
            </select>
          </label>
          {/* The picker's own input and select carry their labels. */}
          <div className="devices-page__field">
            <span>{t('devices.register.memberId')}</span>
            <MemberPicker value={newMember} onChange={setNewMember} />
          </div>
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('devices.register.submit')}
          </button>
        </form>

        {notice && (
          <p className={`devices-page__notice devices-page__notice--${notice.kind}`} role="status">
            {notice.text}
          </p>
        )}

        {devices.status === 'loading' && <PanelStatus kind="loading" message={t('devices.loading')} />}
        {devices.status === 'error' && (
          <PanelStatus
            kind="error"
            message={t('devices.error', { message: errorText(t, devices.error) })}
            onRetry={devices.reload}
          />
        )}
        {devices.status === 'success' && (
          <>
            <p className="devices-page__count">
              {t('devices.count', {
                n: list.length,
                online: list.filter((d) => d.online).length,
                minutes: ONLINE_WINDOW_MINUTES,
              })}
            </p>
            {list.length === 0 ? (
              <PanelStatus kind="empty" message={t('devices.empty')} />
            ) : (
              <table className="devices-table">
                <thead>
                  <tr>
                    <th>{t('devices.col.terminal')}</th>
                    <th>{t('devices.col.protocol')}</th>
                    <th>{t('devices.col.member')}</th>
                    <th>{t('devices.col.org')}</th>
                    <th>{t('devices.col.state')}</th>
                    <th>{t('devices.col.lastFix')}</th>
                    <th>{t('devices.col.threshold')}</th>
                    <th>{t('devices.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((d) => (
                    <DeviceLine key={d.id} device={d} busy={busy} time={time} act={act} />
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </main>
    </div>
  );
}

/** One terminal's row with its own small forms. */
function DeviceLine(props: {
  device: DeviceRow;
  busy: boolean;
  time: (iso: string) => string;
  act: (run: () => Promise<DeviceCredentials | DeviceRow>) => Promise<void>;
}) {
  const { t } = useI18n();
  const { device: d, busy, time, act } = props;
  const [memberId, setMemberId] = useState<number | null>(null);
  const [hours, setHours] = useState(String(d.offlineHours));
  return (
    <tr data-device-id={d.id}>
      <td className="devices-table__terminal">{d.terminalId}</td>
      <td>{t(`devices.protocol.${d.protocol}`)}</td>
      <td>{d.memberName ?? <span className="devices-table__muted">{t('devices.unbound')}</span>}</td>
      <td>{d.orgName ?? '—'}</td>
      <td>
        <span className={`devices-table__state devices-table__state--${d.online ? 'online' : 'offline'}`}>
          {t(d.online ? 'devices.online' : 'devices.offline')}
        </span>
      </td>
      <td>
        {d.lastFix
          ? `${time(d.lastFix.time)} (${d.lastFix.lon.toFixed(5)}, ${d.lastFix.lat.toFixed(5)})`
          : t('devices.never')}
      </td>
      <td>
        <input
          className="devices-table__hours"
          aria-label={t('devices.col.threshold')}
          inputMode="numeric"
          value={hours}
          onChange={(e) => setHours(e.target.value)}
        />
        <button
          type="button"
          className="button button--secondary devices-table__button"
          disabled={busy || Number(hours) === d.offlineHours}
          onClick={() => void act(() => updateDevice(d.id, { offlineHours: Number(hours) }))}
        >
          {t('devices.threshold.save')}
        </button>
      </td>
      <td className="devices-table__actions">
        {d.memberId === null ? (
          <>
            <MemberPicker value={memberId} onChange={setMemberId} />
            <button
              type="button"
              className="button button--secondary"
              disabled={busy || memberId === null}
              onClick={() => void act(() => updateDevice(d.id, { memberId }))}
            >
              {t('devices.bind')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--secondary devices-table__button"
            disabled={busy}
            onClick={() => void act(() => updateDevice(d.id, { memberId: null }))}
          >
            {t('devices.unbind')}
          </button>
        )}
        <button
          type="button"
          className="button button--secondary devices-table__button"
          disabled={busy}
          onClick={() => void act(() => rotateCredentials(d.id))}
        >
          {t('devices.rotate')}
        </button>
      </td>
    </tr>
  );
}
