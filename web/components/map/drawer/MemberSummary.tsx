import { useMemo } from 'react';
import { ONLINE_WINDOW_MINUTES } from '../../../../api/devices/online.ts';
import type { MemberDetail } from '../../../hooks/useFeatureDetail.ts';
import { useI18n } from '../../../i18n/context.ts';
import { Link, portraitPath } from '../../Link.tsx';
import { formatLonLat, POINT_ZOOM } from '../featureFacts.ts';
import { panelLabel } from '../panelLabels.ts';
import type { SummaryActions } from './actions.ts';
import { DemoNote, Facts, FeatureLink, LocateButton } from './Facts.tsx';

/**
 * A member (党员画像 in brief). Phone and ID number are shown exactly as the server sent them: the
 * server masks them by role, and the client must neither unmask nor mask again.
 */
export function MemberSummary({ member, onSelect, onFlyTo, onTrack }: SummaryActions & { member: MemberDetail }) {
  const { t, locale, formatDate } = useI18n();
  const none = t('panels.drawer.none');
  const dateTime = useMemo(
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
    [locale],
  );
  const fix = member.lastFix;
  // The server's verdict (terminal_online()), so the drawer agrees with every count of online terminals.
  const online = fix?.online ?? false;

  return (
    <>
      {member.isDemo && <DemoNote />}
      <Facts
        facts={[
          [t('panels.member.gender'), panelLabel(t, 'gender', member.gender)],
          [t('panels.member.ethnicity'), member.ethnicity ?? none],
          [t('panels.member.education'), member.education ? panelLabel(t, 'education', member.education) : none],
          [
            t('panels.member.status'),
            <span key="st">
              {panelLabel(t, 'status', member.status)}
              {member.isCadre && <span className="flag flag--info">{t('panels.member.cadre')}</span>}
            </span>,
          ],
          [t('panels.member.joined'), member.joinedDate ? formatDate(member.joinedDate) : none],
          [
            t('panels.member.org'),
            <FeatureLink key="o" onClick={() => onSelect({ kind: 'org', id: member.orgId })}>
              {member.orgName}
            </FeatureLink>,
          ],
          [
            t('panels.member.phone'),
            <span key="p" className="drawer-mono">
              {member.phone ?? none}
            </span>,
          ],
          [
            t('panels.member.idNumber'),
            <span key="i" className="drawer-mono">
              {member.idNumber ?? none}
            </span>,
          ],
          [
            t('panels.member.lastFix'),
            fix ? (
              <span key="f" className="drawer-fix">
                <span className={`fix-state fix-state--${online ? 'online' : 'offline'}`}>
                  {t(online ? 'panels.member.online' : 'panels.member.offline', { minutes: ONLINE_WINDOW_MINUTES })}
                </span>
                <time dateTime={fix.time}>{dateTime.format(new Date(fix.time))}</time>
                <span className="drawer-mono">{formatLonLat(fix.lon, fix.lat)}</span>
              </span>
            ) : (
              t('panels.member.noFix')
            ),
          ],
        ]}
      />
      <div className="drawer-actions">
        <Link href={portraitPath('member', member.id)} className="button button--primary" data-testid="portrait-open">
          {t('portrait.open')}
        </Link>
        {fix && <LocateButton name={member.name} onClick={() => onFlyTo([fix.lon, fix.lat], POINT_ZOOM)} />}
        {onTrack && (
          <button
            type="button"
            className="button button--secondary drawer-track"
            data-testid="track-open"
            aria-label={t('track.openLabel', { name: member.name })}
            onClick={() => onTrack({ id: member.id, name: member.name })}
          >
            {t('track.open')}
          </button>
        )}
      </div>
    </>
  );
}
