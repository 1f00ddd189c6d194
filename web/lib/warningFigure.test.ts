import { describe, expect, it } from 'vitest';
import type { MessageParams, Translate } from '../i18n/context.ts';
import { type Locale, MESSAGES } from '../i18n/messages.ts';
import {
  dueState,
  durationText,
  type FigureFormat,
  percentText,
  shanghaiDateTime,
  shanghaiToday,
  warningFigureText,
} from './warningFigure.ts';

// The real dictionaries with plain number and date formatting, so the sentences are the UI's.
function format(locale: Locale): FigureFormat {
  const t: Translate = (key, params?: MessageParams) =>
    MESSAGES[locale][key].replace(/\{(\w+)\}/g, (m, name: string) =>
      params && name in params ? String(params[name]) : m,
    );
  return { t, formatNumber: String, formatDate: (d) => d };
}
const zh = format('zh-CN');
const en = format('en');

describe('warningFigureText', () => {
  it('writes attendance as a percentage with who came out of how many', () => {
    const w = {
      rule: 'attendance_low',
      topic: '',
      figure: { rate: 0.725, events: 3, present: 29, recorded: 40, fromDate: '2026-03-02' },
    };
    expect(warningFigureText(zh, w)).toBe('出勤率 72.5%（实到 29/应到 40，3 次活动，2026-03-02 起）');
    expect(warningFigureText(en, w)).toBe('attendance 72.5% (29 of 40 present, 3 events since 2026-03-02)');
  });

  it('names the kind of org life and lists the missed periods', () => {
    const w = {
      rule: 'life_frequency',
      topic: 'party_lecture',
      figure: { kind: 'party_lecture', period: 'quarter', required: 2, held: 0, missed: ['2026-Q1', '2026-Q2'] },
    };
    expect(warningFigureText(zh, w)).toBe('党课：已开 0/2 期，缺 2026-Q1、2026-Q2');
    expect(warningFigureText(en, w)).toBe('Party lecture: 0 of 2 periods held; missed 2026-Q1, 2026-Q2');
  });

  it('counts the days left of the month, and says so on its last day', () => {
    expect(
      warningFigureText(zh, { rule: 'no_org_life_month', topic: '', figure: { month: '2026-05', daysLeft: 9 } }),
    ).toBe('2026-05 尚未开展组织生活，距月底还有 9 天');
    expect(
      warningFigureText(zh, { rule: 'no_org_life_month', topic: '', figure: { month: '2026-05', daysLeft: 0 } }),
    ).toBe('2026-05 尚未开展组织生活，今天是月底');
  });

  it('tells a term still running from one run out, with the days as a positive count', () => {
    const term = (daysLeft: number) => ({ rule: 'term_due', topic: '', figure: { termEnd: '2026-07-01', daysLeft } });
    expect(warningFigureText(zh, term(31))).toBe('任期 2026-07-01 届满，还剩 31 天');
    expect(warningFigureText(zh, term(0))).toBe('任期今天（2026-07-01）届满');
    expect(warningFigureText(zh, term(-12))).toBe('任期已于 2026-07-01 届满，超期 12 天');
    expect(warningFigureText(en, term(-12))).toBe('term ended 2026-07-01, 12 days overdue');
  });

  it('gives the 转正 due date and the days over', () => {
    const w = {
      rule: 'probation_overdue',
      topic: '',
      figure: { joinedDate: '2025-01-10', dueDate: '2026-01-10', daysOverdue: 45 },
    };
    expect(warningFigureText(zh, w)).toBe('2025-01-10 入党，应于 2026-01-10 转正，已逾期 45 天');
  });

  it('shows a silent terminal in days and hours and its last fix in Shanghai time', () => {
    const w = {
      rule: 'device_offline',
      topic: '',
      figure: { lastFixAt: '2026-05-28T16:30:00.000Z', hoursSilent: 77, thresholdHours: 24 },
    };
    expect(warningFigureText(zh, w)).toBe('已离线 3 天 5 小时（阈值 24 小时），最后定位 2026-05-29 00:30');
  });

  it('words the zone rules, with or without a last duty', () => {
    expect(warningFigureText(zh, { rule: 'zone_no_members', topic: '', figure: { zoneName: '一组' } })).toBe(
      '尚未分配党员',
    );
    expect(warningFigureText(zh, { rule: 'zone_no_duty', topic: '', figure: { lastDutyAt: null, members: 3 } })).toBe(
      '3 名党员，从未有人在岗',
    );
    expect(
      warningFigureText(zh, {
        rule: 'zone_no_duty',
        topic: '',
        figure: { lastDutyAt: '2026-04-01T02:00:00.000Z', members: 3 },
      }),
    ).toBe('3 名党员，30 天内无人在岗，最后在岗 2026-04-01 10:00');
  });

  it('falls back to the raw figures for an unknown rule or a figure of another shape', () => {
    expect(warningFigureText(zh, { rule: 'new_rule', topic: '', figure: { a: 1, b: 'x' } })).toBe('a: 1; b: x');
    expect(warningFigureText(zh, { rule: 'attendance_low', topic: '', figure: { rate: '0.5' } })).toBe('rate: 0.5');
  });
});

describe('formatting helpers', () => {
  it('rounds shares to one decimal', () => {
    expect(percentText(0.7254)).toBe('72.5%');
    expect(percentText(0)).toBe('0.0%');
    expect(percentText(1)).toBe('100.0%');
  });

  it('switches from hours to days at two days', () => {
    expect(durationText(zh.t, 47)).toBe('47 小时');
    expect(durationText(zh.t, 48)).toBe('2 天');
    expect(durationText(en.t, 50)).toBe('2 d 2 h');
  });

  it('reads instants in Shanghai whatever the machine’s time zone, and leaves garbage alone', () => {
    expect(shanghaiDateTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00');
    expect(shanghaiDateTime('soon')).toBe('soon');
    expect(shanghaiToday(new Date('2026-05-31T17:00:00Z'))).toBe('2026-06-01');
  });

  it('places a due date against today', () => {
    expect(dueState('2026-05-30', '2026-05-31')).toBe('overdue');
    expect(dueState('2026-05-31', '2026-05-31')).toBe('today');
    expect(dueState('2026-06-01', '2026-05-31')).toBe('ahead');
    expect(dueState(null, '2026-05-31')).toBe('none');
  });
});
