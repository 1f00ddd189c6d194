/**
 * The two indices' items and weights: the one place to change them (formula in docs/INDICES.md).
 * Each item is a share in [0, 1] computed in SQL (organisation_items / vanguard_items in
 * migrations/0010_indices.sql); a score is 100 × Σ wᵢ·xᵢ / Σ wᵢ over the items that apply.
 */
export interface IndexItem {
  key: string;
  weight: number;
  /** How the share is computed, shown next to the score in the UI. */
  formula: { 'zh-CN': string; en: string };
}

/** 组织力指数: ten items per organisation below committee level. */
export const ORGANISATION_ITEMS: IndexItem[] = [
  {
    key: 'life_completion',
    weight: 15,
    formula: { 'zh-CN': '本年三会一课已开期数 ÷ 应开期数', en: '三会一课 periods held ÷ periods due this year' },
  },
  {
    key: 'theme_day',
    weight: 10,
    formula: { 'zh-CN': '本年主题党日已开月数 ÷ 应开月数', en: '主题党日 months held ÷ months due this year' },
  },
  {
    key: 'attendance',
    weight: 15,
    formula: { 'zh-CN': '近 12 个月实到人次 ÷ 应到人次', en: 'present ÷ recorded attendances, last 12 months' },
  },
  {
    key: 'term_on_time',
    weight: 10,
    formula: { 'zh-CN': '未超期换届记 1，超期或缺任期记 0', en: '1 while the term has not run out, else 0' },
  },
  {
    key: 'development',
    weight: 10,
    formula: {
      'zh-CN': '有发展对象或积极分子 0.5 + 0.5 × 按期转正预备党员占比',
      en: '0.5 if candidates or activists exist + 0.5 × share of probationary members not overdue',
    },
  },
  {
    key: 'zone_coverage',
    weight: 10,
    formula: { 'zh-CN': '划入有效责任区的党员 ÷ 党员总数', en: 'members assigned to an active zone ÷ members' },
  },
  {
    key: 'joint_building',
    weight: 10,
    formula: {
      'zh-CN': '近 12 个月在联建点 1 公里内开展活动次数 ÷ 4（封顶 1；无联建点不计）',
      en: 'events within 1 km of a linked joint point in 12 months ÷ 4 (capped at 1; n/a without one)',
    },
  },
  {
    key: 'warnings_closed',
    weight: 10,
    formula: {
      'zh-CN': '近 12 个月到期预警中按期关闭的占比（无预警不计）',
      en: 'warnings due in 12 months closed by their due day (n/a without any)',
    },
  },
  {
    key: 'devices_online',
    weight: 5,
    // Not "online" (a fix within 30 minutes, api/devices/online.ts): a nightly snapshot would find
    // few terminals online; active means heard within the terminal's own offline threshold.
    formula: {
      'zh-CN': '离线阈值内（默认 24 小时）有定位的北斗终端 ÷ 终端总数（无终端不计）',
      en: 'terminals with a fix within their offline threshold (24 h by default) ÷ terminals (n/a without any)',
    },
  },
  {
    key: 'data_completeness',
    weight: 5,
    formula: {
      'zh-CN': '党员信息（电话、身份证、民族、学历）与组织信息（位置、县区、任期）完整度',
      en: 'completeness of member records (phone, ID, ethnicity, education) and the org record (seat, county, term)',
    },
  },
];

/** 先锋力指数: five items per Party member; an organisation's is its members' mean. */
export const VANGUARD_ITEMS: IndexItem[] = [
  {
    key: 'attendance',
    weight: 30,
    formula: { 'zh-CN': '近 12 个月参加组织生活 实到 ÷ 应到', en: 'org life present ÷ recorded, last 12 months' },
  },
  {
    key: 'zone_duty',
    weight: 25,
    formula: {
      'zh-CN': '有责任区 0.5，近 30 天有北斗在岗记录再加 0.5',
      en: '0.5 with a zone, 1 with a BeiDou duty visit in 30 days',
    },
  },
  { key: 'vanguard', weight: 15, formula: { 'zh-CN': '参加党员先锋队记 1', en: '1 in a vanguard team' } },
  {
    key: 'responsibility',
    weight: 15,
    formula: { 'zh-CN': '党务干部或责任区负责人记 1', en: '1 as party-affairs cadre or zone leader' },
  },
  {
    key: 'online',
    weight: 15,
    formula: {
      'zh-CN': '北斗终端在离线阈值内（默认 24 小时）有定位记 1（无终端不计）',
      en: '1 with a terminal heard within its offline threshold (24 h by default; n/a without one)',
    },
  },
];

/** `{ key: weight }` as the SQL's index_score() takes it. */
export function weightsOf(items: IndexItem[]): Record<string, number> {
  return Object.fromEntries(items.map((i) => [i.key, i.weight]));
}
