import type { Translate } from '../i18n/context.ts';
import { isMessageKey } from '../i18n/messages.ts';

/**
 * A warning's figures (the `figure` JSON each rule writes in api/warnings/rules/*.sql) as one
 * readable sentence, per rule: rates as percentages, missed periods listed, days left or over,
 * silent hours as days and hours. Days and times are Asia/Shanghai's, as the rules count them.
 */

/** What the text needs from the UI language (useI18n gives all three). */
export interface FigureFormat {
  t: Translate;
  formatNumber: (n: number) => string;
  formatDate: (isoDate: string) => string;
}

/** The parts of a warning the text is made of. */
export interface FigureInput {
  rule: string;
  topic: string;
  figure: Readonly<Record<string, unknown>>;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A share in [0, 1] as a percentage with one decimal. */
export function percentText(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** Hours as "n 小时" under two days, else "d 天 h 小时". */
export function durationText(t: Translate, hours: number): string {
  const h = Math.max(0, Math.round(hours));
  if (h < 48) return t('warnings.hours', { n: h });
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? t('warnings.days', { d }) : t('warnings.daysHours', { d, h: h % 24 });
}

const shanghai = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as `YYYY-MM-DD HH:mm` in Asia/Shanghai; the input unchanged when it is not a time. */
export function shanghaiDateTime(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const part = Object.fromEntries(shanghai.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** Today's date (YYYY-MM-DD) in Asia/Shanghai, the calendar the rules' due dates are on. */
export function shanghaiToday(now: Date = new Date()): string {
  return shanghaiDateTime(now.toISOString()).slice(0, 10);
}

/** Where a due date stands against today: past, today, ahead, or none. */
export function dueState(due: string | null, today: string): 'overdue' | 'today' | 'ahead' | 'none' {
  if (!due) return 'none';
  const day = due.slice(0, 10);
  return day < today ? 'overdue' : day === today ? 'today' : 'ahead';
}

/** The sentence for one warning's figures; unknown rules and shapes show their figures as `key: value`. */
export function warningFigureText(f: FigureFormat, w: FigureInput): string {
  const { t, formatNumber, formatDate } = f;
  const x = w.figure;
  const date = (v: unknown) => {
    const s = str(v);
    return s ? formatDate(s) : '—';
  };
  switch (w.rule) {
    case 'no_org_life_month': {
      const month = str(x.month);
      const days = num(x.daysLeft);
      if (month === null || days === null) break;
      return days <= 0
        ? t('warnings.fig.noLifeMonthLastDay', { month })
        : t('warnings.fig.noLifeMonth', { month, days: formatNumber(days) });
    }
    case 'attendance_low': {
      const rate = num(x.rate);
      const present = num(x.present);
      const recorded = num(x.recorded);
      const events = num(x.events);
      if (rate === null || present === null || recorded === null || events === null) break;
      return t('warnings.fig.attendance', {
        rate: percentText(rate),
        present: formatNumber(present),
        recorded: formatNumber(recorded),
        events: formatNumber(events),
        from: date(x.fromDate),
      });
    }
    case 'life_frequency': {
      const required = num(x.required);
      const held = num(x.held);
      if (required === null || held === null) break;
      const kind = str(x.kind) ?? w.topic;
      const kindKey = `life.${kind}`;
      const missed = Array.isArray(x.missed) ? x.missed.filter((m): m is string => typeof m === 'string') : [];
      return t('warnings.fig.lifeFrequency', {
        kind: isMessageKey(kindKey) ? t(kindKey) : kind,
        held: formatNumber(held),
        required: formatNumber(required),
        missed: missed.length > 0 ? missed.join(t('warnings.separator')) : '—',
      });
    }
    case 'term_due': {
      const days = num(x.daysLeft);
      if (days === null) break;
      const params = { date: date(x.termEnd), days: formatNumber(Math.abs(days)) };
      if (days > 0) return t('warnings.fig.termLeft', params);
      return days === 0 ? t('warnings.fig.termToday', params) : t('warnings.fig.termOverdue', params);
    }
    case 'probation_overdue': {
      const days = num(x.daysOverdue);
      if (days === null) break;
      return t('warnings.fig.probation', {
        joined: date(x.joinedDate),
        due: date(x.dueDate),
        days: formatNumber(days),
      });
    }
    case 'device_offline': {
      const hours = num(x.hoursSilent);
      if (hours === null) break;
      const lastFix = str(x.lastFixAt);
      return t('warnings.fig.offline', {
        duration: durationText(t, hours),
        threshold: formatNumber(num(x.thresholdHours) ?? 24),
        at: lastFix ? shanghaiDateTime(lastFix) : '—',
      });
    }
    case 'zone_no_members':
      return t('warnings.fig.noMembers');
    case 'site_uncovered': {
      const site = str(x.siteName) ?? '—';
      const d = num(x.nearestOrgM);
      return d === null
        ? t('warnings.fig.siteNoOrg', { site })
        : t('warnings.fig.siteUncovered', {
            site,
            distance: metresText(formatNumber, d),
            radius: metresText(formatNumber, num(x.radiusM) ?? 5000),
          });
    }
    case 'border_gap': {
      const km = num(x.km);
      if (km === null) break;
      return t('warnings.fig.borderGap', {
        from: formatNumber(num(x.fromKm) ?? 0),
        to: formatNumber(num(x.toKm) ?? 0),
        km: formatNumber(km),
      });
    }
    case 'zone_no_duty': {
      const members = num(x.members);
      if (members === null) break;
      const last = str(x.lastDutyAt);
      return last
        ? t('warnings.fig.noDuty', { members: formatNumber(members), at: shanghaiDateTime(last) })
        : t('warnings.fig.noDutyNever', { members: formatNumber(members) });
    }
  }
  return Object.entries(x)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('; ');
}

/** A distance for a figure: metres below a kilometre, else kilometres to one decimal. */
function metresText(formatNumber: (n: number) => string, m: number): string {
  return m < 1000 ? `${formatNumber(Math.round(m))} m` : `${formatNumber(Math.round(m / 100) / 10)} km`;
}
