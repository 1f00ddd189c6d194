import type pg from 'pg';
import { ORGANISATION_ITEMS, VANGUARD_ITEMS } from '../analysis/indices.config.ts';
import { type Caller, scopedQuery, seesIdNumber, seesPhone } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import type { MemberDetail } from '../members/routes.ts';
import type { OrgDetail } from '../orgs/routes.ts';
import { type Facet, shanghaiDay } from './query.ts';

const ORG = loadSql(import.meta.url, '../orgs/get.sql');
const MEMBER = loadSql(import.meta.url, '../members/get.sql');
const ZONE_DUTY = loadSql(import.meta.url, '../positions/zone-duty.sql');
const LINEAGE = loadSql(import.meta.url, 'lineage.sql');
const STRUCTURE = loadSql(import.meta.url, 'structure.sql');
const LIFE = loadSql(import.meta.url, 'life.sql');
const LIFE_ORGS = loadSql(import.meta.url, 'life-orgs.sql');
const ATTENDANCE = loadSql(import.meta.url, 'attendance.sql');
const ASSETS = loadSql(import.meta.url, 'assets.sql');
const CHILDREN = loadSql(import.meta.url, 'children.sql');
const WARNINGS = loadSql(import.meta.url, 'warnings.sql');
const INDEX = loadSql(import.meta.url, 'org-index-stored.sql');
const MEMBERS = loadSql(import.meta.url, 'members.sql');
const EVENTS = loadSql(import.meta.url, 'events.sql');
const MEMBER_ZONES = loadSql(import.meta.url, 'member-zones.sql');
const MEMBER_ATTENDANCE = loadSql(import.meta.url, 'member-attendance.sql');
const MEMBER_DEVICES = loadSql(import.meta.url, 'member-devices.sql');
const MEMBER_TRACK = loadSql(import.meta.url, 'member-track.sql');
const MEMBER_VANGUARD = loadSql(import.meta.url, 'member-vanguard.sql');
const MEMBER_PARTY = loadSql(import.meta.url, 'member-party.sql');

/** Keys of the ordered facets, so a chart shows every band, including empty ones. */
export const FACET_KEYS = {
  status: ['full', 'probationary', 'candidate', 'activist'],
  gender: ['M', 'F'],
  age: ['le35', '36-45', '46-55', 'ge56'],
  education: ['postgraduate', 'bachelor', 'college', 'secondary', 'primary'],
  partyAge: ['none', 'lt5', '5-9', '10-19', '20-29', 'ge30'],
  cadre: ['cadre', 'other'],
} as const;

/** One bar or slice: its key and how many members it stands for. */
export interface Count {
  key: string;
  count: number;
}

/** The member structure of a subtree (all counts are Party members but `byStatus`'s). */
export interface Structure {
  /** Party members (正式 + 预备). */
  party: number;
  /** Everyone on the roll, including 发展对象 and 积极分子. */
  roll: number;
  byStatus: Count[];
  byGender: Count[];
  byAge: Count[];
  byEthnicity: Count[];
  byEducation: Count[];
  byPartyAge: Count[];
  cadres: { count: number; share: number | null };
}

interface FacetRow {
  facet: Facet;
  key: string;
  all: number;
  party: number;
}

/** Shapes structure.sql's rows: ordered facets zero-filled, ethnicity by size. */
export function shapeStructure(rows: FacetRow[]): Structure {
  const pick = (facet: Facet, field: 'all' | 'party') => rows.filter((r) => r.facet === facet && r[field] > 0);
  const ordered = (facet: keyof typeof FACET_KEYS, field: 'all' | 'party'): Count[] => {
    const found = new Map(pick(facet, field).map((r) => [r.key, r[field]]));
    return FACET_KEYS[facet].map((key) => ({ key, count: found.get(key) ?? 0 }));
  };
  const byStatus = ordered('status', 'all');
  const party = byStatus.filter((c) => c.key === 'full' || c.key === 'probationary').reduce((s, c) => s + c.count, 0);
  const cadres = ordered('cadre', 'party').find((c) => c.key === 'cadre')?.count ?? 0;
  return {
    party,
    roll: byStatus.reduce((s, c) => s + c.count, 0),
    byStatus,
    byGender: ordered('gender', 'party'),
    byAge: ordered('age', 'party'),
    byEthnicity: pick('ethnicity', 'party')
      .map((r) => ({ key: r.key, count: r.party }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    byEducation: ordered('education', 'party'),
    byPartyAge: ordered('partyAge', 'party'),
    cadres: { count: cadres, share: party ? round(cadres / party, 3) : null },
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const rate = (part: number, whole: number) => (whole ? round(part / whole, 3) : null);

/** The calendar day the figures are taken on (the moment `asOf` is the end of it, or now). */
const dayOf = (asOf: Date) => shanghaiDay(new Date(asOf.getTime() - 1));

/** 换届 status on a day: due within 90 days, overdue, or fine. */
export function termStatus(termEnd: string | null, day: string): 'ok' | 'due' | 'overdue' | 'unknown' {
  if (!termEnd) return 'unknown';
  const days = (Date.parse(termEnd) - Date.parse(day)) / 86_400_000;
  return days < 0 ? 'overdue' : days <= 90 ? 'due' : 'ok';
}

type Db = Pick<pg.Pool, 'query'>;

/** What a subtree has on the ground (assets.sql). */
export interface Assets {
  zoneCount: number;
  zones: {
    id: number;
    name: string;
    kind: string;
    orgId: number;
    members: number;
    geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
  }[];
  jointPointCount: number;
  jointPoints: {
    id: number;
    name: string;
    established: string;
    geometry: { type: 'Point'; coordinates: [number, number] };
  }[];
  teamCount: number;
  teams: { id: number; name: string; focus: string; orgId: number; members: number }[];
  devices: { total: number; online: number };
}

/** An organisation directly below, with its headline figures (children.sql). */
export interface ChildRow {
  id: number;
  name: string;
  kind: string;
  star: number | null;
  standardised: boolean;
  orgs: number;
  members: number;
  warnings: number;
  index: number | null;
}

/** A live warning as the portrait lists it (warnings.sql). */
export interface PortraitWarning {
  id: number;
  rule: string;
  topic: string;
  subjectKind: string;
  subjectId: number;
  orgId: number;
  orgName: string;
  figure: Record<string, string | number | boolean | null>;
  severity: string;
  due: string | null;
  state: string;
}

/** A member's zone assignment (member-zones.sql); out-of-scope zones come without id, name and shape. */
export interface MemberZone {
  id: number | null;
  name: string | null;
  kind: string;
  duty: 'leader' | 'member';
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] } | null;
}

/** Duty hours in one zone (positions/zone-duty.sql). */
export interface DutyRow {
  zoneId: number | null;
  name: string | null;
  kind: string | null;
  hours: number;
  visits: number;
}

/** One month of a member's attendance and one of their latest events (member-attendance.sql). */
export interface AttendanceMonth {
  month: string;
  recorded: number;
  present: number;
  leave: number;
  absent: number;
  beidou: number;
}
export interface AttendedEvent {
  id: number;
  kind: string;
  title: string;
  startsAt: string;
  status: 'present' | 'absent' | 'leave';
  source: 'manual' | 'beidou';
}

/** A member's terminal (member-devices.sql). */
export interface MemberDevice {
  id: number;
  terminalId: string;
  protocol: string;
  lastFixAt: string | null;
  lastPosition: { lon: number; lat: number } | null;
  online: boolean;
}

/** The org portrait (支部画像) over the organisation's subtree, or null outside the caller's scope. */
export async function orgPortrait(db: Db, caller: Caller, id: number, asOf: Date) {
  const day = dayOf(asOf);
  const { rows: org } = await scopedQuery<OrgDetail>(db, caller, ORG, [id]);
  const detail = org[0];
  if (!detail) return null;
  const q = <R extends pg.QueryResultRow>(sql: string, params: unknown[]) =>
    scopedQuery<R>(db, caller, sql, [id, ...params]).then((r) => r.rows);
  // One after another: on the embedded engine they would queue on its one backend anyway.
  const lineage = await q<{ id: number; name: string; kind: string; inScope: boolean }>(LINEAGE, []);
  const structure = shapeStructure(await q<FacetRow>(STRUCTURE, [day]));
  const life = await q<{ kind: string; period: string; orgs: number; required: number; held: number }>(LIFE, [asOf]);
  const months = await q<{
    month: string;
    events: number;
    recorded: number;
    present: number;
    leave: number;
    absent: number;
    beidou: number;
  }>(ATTENDANCE, [asOf]);
  const [assets] = await q<Assets>(ASSETS, [asOf, 200]);
  const children = await q<ChildRow>(CHILDREN, []);
  const [warnings] = await q<{
    total: number;
    bySeverity: Record<string, number>;
    byRule: Record<string, number>;
    items: PortraitWarning[];
  }>(WARNINGS, [10]);
  const [index] = await q<{
    asOf: string | null;
    orgs: number;
    organisation: number | null;
    vanguard: number | null;
    organisationItems: Record<string, number | null> | null;
    vanguardItems: Record<string, number | null> | null;
  }>(INDEX, []);

  const sum = (key: 'events' | 'recorded' | 'present' | 'leave' | 'absent' | 'beidou') =>
    months.reduce((s, m) => s + m[key], 0);
  const present = sum('present');
  const beidou = sum('beidou');
  return {
    asOf: asOf.toISOString(),
    day,
    org: { ...detail, termStatus: termStatus(detail.termEnd, day) },
    lineage,
    structure,
    orgLife: {
      year: Number(day.slice(0, 4)),
      byKind: life.map((l) => ({ ...l, completion: rate(l.held, l.required) })),
      events: sum('events'),
      attendance: {
        recorded: sum('recorded'),
        present,
        leave: sum('leave'),
        absent: sum('absent'),
        rate: rate(present, sum('recorded')),
        manual: present - beidou,
        beidou,
      },
      byMonth: months.map((m) => ({ ...m, rate: rate(m.present, m.recorded) })),
    },
    ...(assets as Assets),
    children,
    warnings,
    index: {
      asOf: index?.asOf ?? null,
      orgs: index?.orgs ?? 0,
      organisation: scoreOrNull(index?.organisation),
      vanguard: scoreOrNull(index?.vanguard),
      organisationItems: itemsWith(ORGANISATION_ITEMS, index?.organisationItems),
      vanguardItems: itemsWith(VANGUARD_ITEMS, index?.vanguardItems),
    },
  };
}

const scoreOrNull = (x: number | null | undefined) => (x === null || x === undefined ? null : round(x, 1));

/** Index items in configuration order, with weight and the share found (null: not applicable). */
function itemsWith(items: typeof ORGANISATION_ITEMS, values: Record<string, number | null> | null | undefined) {
  return items.map((i) => ({ key: i.key, weight: i.weight, value: values?.[i.key] ?? null }));
}

/** The members behind one figure of the structure, paged and masked. */
export async function drillMembers(
  db: Db,
  caller: Caller,
  id: number,
  opts: { asOf: Date; facet: Facet; key: string; page: number; pageSize: number },
) {
  const { rows } = await scopedQuery<Record<string, unknown> & { total: number }>(db, caller, MEMBERS, [
    id,
    dayOf(opts.asOf),
    opts.facet,
    opts.key,
    opts.pageSize,
    (opts.page - 1) * opts.pageSize,
    seesPhone(caller),
    seesIdNumber(caller),
  ]);
  return {
    page: opts.page,
    pageSize: opts.pageSize,
    total: rows[0]?.total ?? 0,
    items: rows.map(({ total: _t, ...m }) => m),
  };
}

/** The org-life events behind a figure (this year, optionally one kind and month), paged. */
export async function drillEvents(
  db: Db,
  caller: Caller,
  id: number,
  opts: { asOf: Date; kind?: string | undefined; month?: string | undefined; page: number; pageSize: number },
) {
  const { rows } = await scopedQuery<Record<string, unknown> & { total: number }>(db, caller, EVENTS, [
    id,
    opts.asOf,
    opts.kind ?? null,
    opts.month ?? null,
    opts.pageSize,
    (opts.page - 1) * opts.pageSize,
  ]);
  return {
    page: opts.page,
    pageSize: opts.pageSize,
    total: rows[0]?.total ?? 0,
    items: rows.map(({ total: _t, ...e }) => e),
  };
}

/** Completion of one kind of org life per organisation of the subtree (behind a completion bar). */
export async function drillLifeOrgs(db: Db, caller: Caller, id: number, asOf: Date, kind: string) {
  const { rows } = await scopedQuery<{ orgId: number; required: number; held: number; heldPeriods: string[] }>(
    db,
    caller,
    LIFE_ORGS,
    [id, asOf, kind],
  );
  return rows.map((r) => ({ ...r, completion: rate(r.held, r.required) }));
}

/** The member portrait (党员画像), or null outside the caller's scope. The route audits the read. */
export async function memberPortrait(db: Db, caller: Caller, id: number, asOf: Date) {
  const { rows } = await scopedQuery<MemberDetail>(db, caller, MEMBER, [id, seesPhone(caller), seesIdNumber(caller)]);
  const profile = rows[0];
  if (!profile) return null;
  const day = dayOf(asOf);
  const lineage = (
    await scopedQuery<{ id: number; name: string; kind: string; inScope: boolean }>(db, caller, LINEAGE, [
      profile.orgId,
    ])
  ).rows;
  const [party] = (await db.query<{ since: string | null; fullDate: string | null }>(MEMBER_PARTY, [id])).rows;
  const zones = (await scopedQuery<MemberZone>(db, caller, MEMBER_ZONES, [id])).rows;
  const monthAgo = new Date(asOf.getTime() - 30 * 86_400_000);
  const duty = (await scopedQuery<DutyRow>(db, caller, ZONE_DUTY, [id, monthAgo, asOf])).rows;
  const [attendance] = (
    await db.query<{ byMonth: AttendanceMonth[]; recent: AttendedEvent[] }>(MEMBER_ATTENDANCE, [id, asOf])
  ).rows;
  const devices = (await db.query<MemberDevice>(MEMBER_DEVICES, [id, asOf, seesPhone(caller)])).rows;
  const track = (await db.query<{ lon: number; lat: number; time: string }>(MEMBER_TRACK, [id])).rows;
  const [vanguard] = (await db.query<Record<string, number | null>>(MEMBER_VANGUARD, [id, asOf])).rows;
  const byMonth = attendance?.byMonth ?? [];
  const recorded = byMonth.reduce((s, m) => s + m.recorded, 0);
  const present = byMonth.reduce((s, m) => s + m.present, 0);
  const vanguardItems = itemsWith(VANGUARD_ITEMS, vanguard);
  return {
    asOf: asOf.toISOString(),
    day,
    profile: {
      ...profile,
      fullDate: party?.fullDate ?? null,
      partyAge: party?.since ? fullYears(party.since, day) : null,
    },
    lineage,
    zones,
    zoneDuty: {
      days: 30,
      hours: round(
        duty.reduce((s, d) => s + d.hours, 0),
        2,
      ),
      byZone: duty,
    },
    attendance: {
      months: 12,
      recorded,
      present,
      beidou: byMonth.reduce((s, m) => s + m.beidou, 0),
      rate: rate(present, recorded),
      byMonth,
      recent: attendance?.recent ?? [],
    },
    devices,
    track,
    index: {
      vanguard: scoreOrNull(vanguard ? weightedScore(vanguardItems) : null),
      vanguardItems,
    },
  };
}

/** 100 × Σ wᵢ·xᵢ / Σ wᵢ over the items that apply (the SQL's index_score, for one member). */
export function weightedScore(items: { weight: number; value: number | null }[]): number | null {
  const applicable = items.filter((i) => i.value !== null);
  const weight = applicable.reduce((s, i) => s + i.weight, 0);
  return weight ? (100 * applicable.reduce((s, i) => s + i.weight * (i.value ?? 0), 0)) / weight : null;
}

/** Whole years from `since` to `day` (both 'YYYY-MM-DD'). */
export function fullYears(since: string, day: string): number {
  const [y1, m1, d1] = since.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = day.split('-').map(Number) as [number, number, number];
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
}
