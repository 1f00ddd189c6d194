import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { DEMO_ACCOUNTS } from './accounts.ts';
import { COUNTIES, type County, EDUCATION, ETHNICITY, GIVEN, SURNAMES } from './places.ts';
import { Random } from './random.ts';

/**
 * The demo dataset (DESIGN §8): a Wenshan-like Party organisation of a tobacco bureau with the
 * published figures — 1 committee, 45 basic-level organisations, 32 temporary branches, 34 joint
 * points on the border, 71 zones, 27 vanguard teams, ≈42 % party-affairs cadres, three 5-star and
 * 29 4-star branches. Everyone in it is fictional. Deterministic for a given seed and `asOf` date.
 */
export interface DemoOptions {
  seed: number;
  /** Reference day 'YYYY-MM-DD': a year of organisational life ends here. */
  asOf: string;
  counties: Feature<Polygon | MultiPolygon, { code: string }>[];
  border: Feature<LineString>;
}

export interface OrgRow {
  id: number;
  parent_id: number | null;
  name: string;
  kind: 'committee' | 'general_branch' | 'branch' | 'temporary_branch' | 'joint_branch';
  category: 'organ' | 'leaf_tobacco' | 'marketing' | 'monopoly' | 'border' | 'logistics' | 'station';
  county_code: string | null;
  star: number | null;
  standardised: boolean;
  established: string;
  term_start: string;
  term_end: string;
  geom: Point;
}
export interface MemberRow {
  id: number;
  org_id: number;
  name: string;
  gender: 'M' | 'F';
  birth_date: string;
  ethnicity: string;
  education: string;
  joined_date: string | null;
  /** 转正: when a probationary member became full (joined + 1 year); null for the others. */
  full_date: string | null;
  status: 'full' | 'probationary' | 'candidate' | 'activist';
  is_cadre: boolean;
  phone: string;
  id_number: string;
}
export interface ZoneRow {
  id: number;
  org_id: number;
  name: string;
  kind: 'responsibility' | 'border_defence' | 'grid';
  valid_from: string;
  geom: Polygon;
}
export interface JointPointRow {
  id: number;
  name: string;
  county_code: string;
  established: string;
  description: string;
  geom: Point;
}
export interface SiteRow {
  id: number;
  name: string;
  kind: 'tobacco_station' | 'purchase_point' | 'village_committee' | 'retail_terminal' | 'border_post';
  county_code: string;
  org_id: number | null;
  geom: Point;
}
export interface DeviceRow {
  id: number;
  terminal_id: string;
  member_id: number;
  protocol: 'jt808' | 'nmea' | 'http';
  auth_code: string;
  /** Last fix before `asOf` (ISO); ingest (BeiDou) keeps it current once terminals report. */
  last_fix_at: string;
  last_geom: Point;
}
export interface OrgLifeRow {
  id: number;
  org_id: number;
  kind: 'branch_congress' | 'committee_meeting' | 'group_meeting' | 'party_lecture' | 'theme_day';
  title: string;
  starts_at: string;
  ends_at: string;
  place_name: string;
  geom: Point;
}
export interface DemoDataset {
  meta: { seed: number; asOf: string; fictional: true; note: string };
  orgs: OrgRow[];
  members: MemberRow[];
  teams: { id: number; org_id: number; name: string; focus: string }[];
  teamMembers: { team_id: number; member_id: number }[];
  zones: ZoneRow[];
  zoneMembers: { zone_id: number; member_id: number; duty: 'leader' | 'member' }[];
  jointPoints: JointPointRow[];
  partners: { joint_point_id: number; partner_kind: string; partner_name: string }[];
  jointPointOrgs: { joint_point_id: number; org_id: number }[];
  sites: SiteRow[];
  devices: DeviceRow[];
  orgLife: OrgLifeRow[];
  attendance: { org_life_id: number; member_id: number; status: 'present' | 'absent' | 'leave' }[];
  users: { username: string; role: string; display_name: string; org_id: number; member_id: number | null }[];
}

const FICTIONAL_NOTE =
  '演示数据：所有组织、人员、事件均为虚构 (demo data: every organisation, person and event is fictional)';

/** Temporary branches per county: border defence in border counties, inspection, purchase season, market. */
const TEMPORARY_PLAN = { border_defence: 4, monopoly: 1, purchase: 1 } as const;
const MARKET_TEMP_COUNTIES = ['532601', '532622', '532627', '532626'];
/** Station and functional branches under each county general branch (28 in all). */
const BRANCHES_PER_COUNTY: Record<string, number> = {
  '532601': 3,
  '532622': 4,
  '532623': 3,
  '532624': 4,
  '532625': 4,
  '532626': 3,
  '532627': 4,
  '532628': 3,
};
/** The border counties' joint points: 12 + 12 + 10 = 34. */
const JOINT_POINTS_PER_COUNTY: Record<string, number> = { '532624': 12, '532628': 12, '532625': 10 };
/** Zones by kind: 71 in all. */
const ZONES = { border_defence: 24, responsibility: 36, grid: 11 } as const;
const VANGUARD_TEAMS = 27;

type Geo = Feature<Polygon | MultiPolygon, { code: string }>;

/** Builds the whole demo dataset. */
export function generateDemo(opts: DemoOptions): DemoDataset {
  const rnd = new Random(opts.seed);
  const countyGeo = new Map<string, Geo>(opts.counties.map((f) => [f.properties.code, f]));
  const geoOf = (code: string) => {
    const g = countyGeo.get(code);
    if (!g) throw new Error(`county ${code} missing from geodata`);
    return g;
  };
  const countyOutline = new Map(opts.counties.map((f) => [f.properties.code, turf.polygonToLine(f)]));
  const asOf = new Date(`${opts.asOf}T00:00:00+08:00`);

  /** Distance in km from a point to its county's outline (which includes the border stretch). */
  const edgeKm = (p: Position, code: string) => {
    const outline = countyOutline.get(code);
    if (!outline) return 0;
    const lines = outline.type === 'FeatureCollection' ? outline.features : [outline];
    return Math.min(
      ...lines.map((l) => turf.pointToLineDistance(p, l as Feature<LineString>, { units: 'kilometers' })),
    );
  };
  const borderKm = (p: Position) => turf.pointToLineDistance(p, opts.border, { units: 'kilometers' });
  const inside = (p: Position, code: string) => turf.booleanPointInPolygon(p, geoOf(code));

  /** A random point in the county, at least `marginKm` from its outline, passing `accept`. */
  const pointIn = (code: string, marginKm = 0.3, accept: (p: Position) => boolean = () => true): Position => {
    const [minX, minY, maxX, maxY] = turf.bbox(geoOf(code));
    for (let i = 0; i < 20_000; i++) {
      const p: Position = [round6(rnd.real(minX, maxX)), round6(rnd.real(minY, maxY))];
      if (inside(p, code) && edgeKm(p, code) >= marginKm && accept(p)) return p;
    }
    throw new Error(`no point found in county ${code}`);
  };
  /** A point near `centre` (within `maxKm`) that stays inside the county. */
  const near = (centre: Position, code: string, maxKm: number, marginKm = 0.2): Position => {
    for (let i = 0; i < 5_000; i++) {
      const p = turf.destination(centre, rnd.real(0.2, maxKm), rnd.real(-180, 180)).geometry.coordinates;
      const q: Position = [round6(p[0]!), round6(p[1]!)];
      if (inside(q, code) && edgeKm(q, code) >= marginKm) return q;
    }
    return pointIn(code, marginKm);
  };
  const seatOf = (c: County): Position =>
    inside(c.seat, c.code) ? c.seat : turf.pointOnFeature(geoOf(c.code)).geometry.coordinates;

  // ---- organisations ----------------------------------------------------------------------
  const orgs: OrgRow[] = [];
  const addOrg = (
    o: Omit<OrgRow, 'id' | 'star' | 'standardised' | 'term_start' | 'term_end'> & { termYears?: number },
  ) => {
    const { termYears = 3, ...rest } = o;
    const termStart = dateOnly(addDays(asOf, -rnd.int(60, termYears * 365 + 40)));
    const row: OrgRow = {
      id: orgs.length + 1,
      star: null,
      standardised: false,
      term_start: termStart,
      term_end: dateOnly(addDays(new Date(`${termStart}T00:00:00+08:00`), termYears * 365)),
      ...rest,
    };
    orgs.push(row);
    return row;
  };
  const prefectureSeat = seatOf(COUNTIES[0]!);
  const committee = addOrg({
    parent_id: null,
    name: '文山州烟草专卖局（公司）党委',
    kind: 'committee',
    category: 'organ',
    county_code: null,
    established: '1984-07-01',
    geom: pt(prefectureSeat),
    termYears: 5,
  });
  const organBranches: [string, OrgRow['category']][] = [
    ['机关第一党支部（办公室）', 'organ'],
    ['机关第二党支部（人事党建）', 'organ'],
    ['机关第三党支部（财务审计）', 'organ'],
    ['烟叶生产技术中心党支部', 'leaf_tobacco'],
    ['专卖监督管理处党支部', 'monopoly'],
    ['营销中心党支部', 'marketing'],
    ['物流配送中心党支部', 'logistics'],
    ['信息中心党支部', 'organ'],
    ['离退休干部党支部', 'organ'],
  ];
  const basic: OrgRow[] = [];
  for (const [name, category] of organBranches) {
    basic.push(
      addOrg({
        parent_id: committee.id,
        name: `州局${name}`,
        kind: 'branch',
        category,
        county_code: '532601',
        established: `${rnd.int(1990, 2012)}-0${rnd.int(1, 9)}-01`,
        geom: pt(near(prefectureSeat, '532601', 2)),
      }),
    );
  }
  const generalBranches = new Map<string, OrgRow>();
  const stationBranches: OrgRow[] = [];
  const borderBranches = new Map<string, OrgRow>();
  for (const c of COUNTIES) {
    const seat = seatOf(c);
    const gb = addOrg({
      parent_id: committee.id,
      name: `${c.name}烟草专卖局（分公司）党总支`,
      kind: 'general_branch',
      category: 'organ',
      county_code: c.code,
      established: `${rnd.int(1986, 1998)}-07-01`,
      geom: pt(seat),
    });
    generalBranches.set(c.code, gb);
    basic.push(gb);
    const towns = rnd.shuffle(c.towns.slice(1));
    const n = BRANCHES_PER_COUNTY[c.code] ?? 3;
    // 文山市 is a city, the others counties: "文山市局…", "砚山县局…".
    const prefix = c.name.endsWith('市') ? c.name : `${c.short}县`;
    basic.push(
      addOrg({
        parent_id: gb.id,
        name: `${prefix}局机关党支部`,
        kind: 'branch',
        category: 'organ',
        county_code: c.code,
        established: `${rnd.int(1995, 2010)}-07-01`,
        geom: pt(near(seat, c.code, 1.5)),
      }),
    );
    for (let i = 1; i < n; i++) {
      const town = towns[i - 1]!;
      // In a border county the first station is a joint branch with the local border police.
      const joint = c.border && i === 1;
      const borderTown = joint ? (c.code === '532624' ? '天保' : c.code === '532625' ? '都龙' : '田蓬') : town;
      const seatP = joint ? pointIn(c.code, 1.5, (p) => borderKm(p) < 8) : pointIn(c.code, 2);
      const b = addOrg({
        parent_id: gb.id,
        name: joint ? `${prefix}${borderTown}边境联合党支部` : `${prefix}${town}烟叶站党支部`,
        kind: joint ? 'joint_branch' : 'branch',
        category: joint ? 'border' : 'station',
        county_code: c.code,
        established: joint
          ? `${rnd.int(2016, 2020)}-0${rnd.int(1, 9)}-01`
          : `${rnd.int(1996, 2015)}-0${rnd.int(1, 9)}-01`,
        geom: pt(seatP),
      });
      basic.push(b);
      stationBranches.push(b);
      if (joint) borderBranches.set(c.code, b);
    }
  }
  if (basic.length !== 45) throw new Error(`expected 45 basic-level organisations, built ${basic.length}`);

  // Star ratings over the 45 basic-level organisations: three 5-star, 29 4-star, the rest 3-star.
  // The demo secretary's border branch is one of the 5-star ones: a showcase for the drill-down.
  const showcase = borderBranches.get('532624')!;
  const ranked = [showcase, ...rnd.shuffle(basic.filter((o) => o !== showcase))];
  ranked.forEach((o, i) => {
    o.star = i < 3 ? 5 : i < 32 ? 4 : 3;
    o.standardised = o.star >= 4 || rnd.chance(0.5);
  });

  const temporary: OrgRow[] = [];
  for (const c of COUNTIES) {
    const gb = generalBranches.get(c.code)!;
    const towns = rnd.shuffle(c.towns);
    const plan: [string, OrgRow['category'], number][] = [
      ['专卖稽查临时党支部', 'monopoly', TEMPORARY_PLAN.monopoly],
      ['烟叶收购临时党支部', 'leaf_tobacco', TEMPORARY_PLAN.purchase],
    ];
    if (c.border) plan.unshift(['强边固防临时党支部', 'border', TEMPORARY_PLAN.border_defence]);
    if (MARKET_TEMP_COUNTIES.includes(c.code)) plan.push(['市场营销临时党支部', 'marketing', 1]);
    let t = 0;
    for (const [suffix, category, count] of plan) {
      for (let i = 0; i < count; i++) {
        const town = towns[t++ % towns.length]!;
        const p = category === 'border' ? pointIn(c.code, 1, (q) => borderKm(q) < 10) : pointIn(c.code, 1);
        temporary.push(
          addOrg({
            parent_id: gb.id,
            name: `${c.short}${town}${suffix}`,
            kind: 'temporary_branch',
            category,
            county_code: c.code,
            established: dateOnly(addDays(asOf, -rnd.int(30, 900))),
            geom: pt(p),
            termYears: 1,
          }),
        );
      }
    }
  }
  if (temporary.length !== 32) throw new Error(`expected 32 temporary branches, built ${temporary.length}`);

  // ---- members ----------------------------------------------------------------------------
  const members: MemberRow[] = [];
  const membersOf = new Map<number, MemberRow[]>();
  const sizeOf = (o: OrgRow) =>
    o.kind === 'committee'
      ? 9
      : o.kind === 'general_branch'
        ? rnd.int(6, 12)
        : o.kind === 'temporary_branch'
          ? rnd.int(6, 14)
          : o.category === 'organ'
            ? rnd.int(12, 30)
            : rnd.int(15, 42);
  const usedIds = new Set<string>();
  for (const o of orgs) {
    const list: MemberRow[] = [];
    for (let i = sizeOf(o); i > 0; i--) {
      const m = makeMember(rnd, members.length + 1, o, asOf, usedIds);
      members.push(m);
      list.push(m);
    }
    membersOf.set(o.id, list);
  }
  // Party-affairs cadres: 42 % of all members, drawn from full members.
  const cadreTarget = Math.round(members.length * 0.42);
  for (const m of rnd.shuffle(members.filter((x) => x.status === 'full')).slice(0, cadreTarget)) m.is_cadre = true;

  // ---- vanguard teams ---------------------------------------------------------------------
  const teams: DemoDataset['teams'] = [];
  const teamMembers: DemoDataset['teamMembers'] = [];
  const focuses = ['烟叶生产服务', '专卖稽查', '强边固防', '市场服务', '乡村振兴', '安全生产'];
  for (const o of rnd.shuffle([...stationBranches, ...temporary]).slice(0, VANGUARD_TEAMS)) {
    const focus = o.category === 'border' ? '强边固防' : o.category === 'monopoly' ? '专卖稽查' : rnd.pick(focuses);
    const team = {
      id: teams.length + 1,
      org_id: o.id,
      name: `${o.name.replace(/党支部$|临时党支部$/, '')}${focus}党员先锋队`,
      focus,
    };
    teams.push(team);
    const pool = (membersOf.get(o.id) ?? []).filter((m) => m.status === 'full' || m.status === 'probationary');
    for (const m of rnd.shuffle(pool).slice(0, rnd.int(5, 9))) teamMembers.push({ team_id: team.id, member_id: m.id });
  }

  // ---- sites ------------------------------------------------------------------------------
  const sites: SiteRow[] = [];
  const addSite = (s: Omit<SiteRow, 'id'>) => sites.push({ id: sites.length + 1, ...s });
  for (const b of stationBranches) {
    const code = b.county_code!;
    const town = b.name.replace(/^.*[县市]/, '').replace(/(烟叶站党支部|边境联合党支部)$/, '');
    addSite({ name: `${town}烟叶工作站`, kind: 'tobacco_station', county_code: code, org_id: b.id, geom: b.geom });
    for (let i = 1, n = rnd.int(2, 3); i <= n; i++) {
      addSite({
        name: `${town}烟叶收购点${i}`,
        kind: 'purchase_point',
        county_code: code,
        org_id: b.id,
        geom: pt(near(b.geom.coordinates, code, 12)),
      });
    }
  }
  for (const c of COUNTIES) {
    for (const town of c.towns) {
      addSite({
        name: `${town}村委会`,
        kind: 'village_committee',
        county_code: c.code,
        org_id: null,
        geom: pt(pointIn(c.code, 0.5)),
      });
    }
    for (let i = 1; i <= 24; i++) {
      const near2 = rnd.chance(0.6) ? seatOf(c) : pointIn(c.code, 0.5);
      addSite({
        name: `${rnd.pick(c.towns)}卷烟零售终端${i}`,
        kind: 'retail_terminal',
        county_code: c.code,
        org_id: null,
        geom: pt(near(near2, c.code, 6)),
      });
    }
    if (c.border) {
      for (let i = 1; i <= 8; i++) {
        addSite({
          name: `${c.short}边境执勤点${i}`,
          kind: 'border_post',
          county_code: c.code,
          org_id: null,
          geom: pt(pointIn(c.code, 0.3, (p) => borderKm(p) < 3)),
        });
      }
    }
  }

  // ---- joint points -----------------------------------------------------------------------
  const jointPoints: JointPointRow[] = [];
  const partners: DemoDataset['partners'] = [];
  const jointPointOrgs: DemoDataset['jointPointOrgs'] = [];
  for (const [code, count] of Object.entries(JOINT_POINTS_PER_COUNTY)) {
    const c = COUNTIES.find((x) => x.code === code)!;
    const borderTemps = temporary.filter((t) => t.county_code === code && t.category === 'border');
    const towns = rnd.shuffle(c.towns);
    for (let i = 0; i < count; i++) {
      const town = towns[i % towns.length]!;
      const p = pointIn(
        code,
        0.3,
        (q) => borderKm(q) <= 9 && jointPoints.every((j) => turf.distance(q, j.geom.coordinates) > 2),
      );
      const jp: JointPointRow = {
        id: jointPoints.length + 1,
        name: `${town}${i >= towns.length ? '二' : ''}党建联建共建点`,
        county_code: code,
        established: dateOnly(addDays(asOf, -rnd.int(120, 2200))),
        description: '政企军警民党建联建：边境管控、护边巡逻、烟叶产业帮扶（演示数据）',
        geom: pt(p),
      };
      jointPoints.push(jp);
      partners.push({ joint_point_id: jp.id, partner_kind: 'police', partner_name: `${town}边境派出所` });
      partners.push({ joint_point_id: jp.id, partner_kind: 'village_committee', partner_name: `${town}村委会` });
      if (rnd.chance(0.6))
        partners.push({
          joint_point_id: jp.id,
          partner_kind: 'army',
          partner_name: `${c.short}边防${rnd.int(1, 9)}连`,
        });
      if (rnd.chance(0.4))
        partners.push({ joint_point_id: jp.id, partner_kind: 'border_checkpoint', partner_name: `${town}边境检查站` });
      // Linked: the county's border joint branch and the nearest border-defence temporary branch.
      const nearestTemp = [...borderTemps].sort(
        (a, b) => turf.distance(p, a.geom.coordinates) - turf.distance(p, b.geom.coordinates),
      )[0];
      const border = borderBranches.get(code);
      for (const o of [border, nearestTemp]) if (o) jointPointOrgs.push({ joint_point_id: jp.id, org_id: o.id });
    }
  }

  // ---- zones ------------------------------------------------------------------------------
  const zones: ZoneRow[] = [];
  const zoneCircles: { org: number; centre: Position; r: number }[] = [];
  const zoneMembers: DemoDataset['zoneMembers'] = [];
  const addZone = (owner: OrgRow, kind: ZoneRow['kind'], name: string, near0: (p: Position) => boolean) => {
    const code = owner.county_code!;
    for (let attempt = 0; attempt < 2_000; attempt++) {
      const r = rnd.real(1.2, 3.5);
      // A centre farther than r + margin from the county outline keeps the whole star polygon inside.
      const centre = pointIn(code, r + 0.3, near0);
      const clash = zoneCircles.some((z) => z.org === owner.id && turf.distance(z.centre, centre) < z.r + r + 0.3);
      if (clash) continue;
      zoneCircles.push({ org: owner.id, centre, r });
      const zone: ZoneRow = {
        id: zones.length + 1,
        org_id: owner.id,
        name,
        kind,
        valid_from: dateOnly(addDays(asOf, -rnd.int(30, 1000))),
        geom: starPolygon(rnd, centre, r),
      };
      zones.push(zone);
      const pool = rnd.shuffle(
        (membersOf.get(owner.id) ?? []).filter((m) => m.status === 'full' || m.status === 'probationary'),
      );
      for (const [i, m] of pool.slice(0, rnd.int(2, 6)).entries()) {
        zoneMembers.push({ zone_id: zone.id, member_id: m.id, duty: i === 0 ? 'leader' : 'member' });
      }
      return;
    }
    throw new Error(`could not place zone ${name}`);
  };
  const borderOwners = [...borderBranches.values(), ...temporary.filter((t) => t.category === 'border')];
  for (let i = 0; i < ZONES.border_defence; i++) {
    // The demo secretary's branch owns the first zones, so their map has something to manage.
    const owner = i < 3 ? borderBranches.get('532624')! : borderOwners[i % borderOwners.length]!;
    addZone(
      owner,
      'border_defence',
      `${owner.name.replace(/(边境联合党支部|强边固防临时党支部)$/, '')}强边固防责任区${i + 1}`,
      (p) => borderKm(p) < 12,
    );
  }
  for (let i = 0; i < ZONES.responsibility; i++) {
    const owner = stationBranches[i % stationBranches.length]!;
    addZone(
      owner,
      'responsibility',
      `${owner.name.replace(/(烟叶站党支部|边境联合党支部)$/, '')}党员责任区${Math.floor(i / stationBranches.length) + 1}`,
      () => true,
    );
  }
  const gbs = [...generalBranches.values()];
  for (let i = 0; i < ZONES.grid; i++) {
    const owner = gbs[i % gbs.length]!;
    addZone(
      owner,
      'grid',
      `${owner.name.replace(/烟草专卖局（分公司）党总支$/, '')}网格${Math.floor(i / gbs.length) + 1}`,
      () => true,
    );
  }

  // ---- devices ----------------------------------------------------------------------------
  const devices: DeviceRow[] = [];
  const fieldOrgs = new Set([...stationBranches, ...temporary].map((o) => o.id));
  const orgOf = new Map(orgs.map((o) => [o.id, o]));
  // Last fixes come from a stream of their own so adding them leaves every other row unchanged.
  const fixRnd = new Random(opts.seed ^ 0x808);
  /** A fix within ~4 km of the member's organisation, inside its county, in the 3 days before asOf. */
  const lastFix = (m: MemberRow): Pick<DeviceRow, 'last_fix_at' | 'last_geom'> => {
    const org = orgOf.get(m.org_id);
    const lon = org?.geom?.coordinates[0] ?? 104.24;
    const lat = org?.geom?.coordinates[1] ?? 23.37;
    const county = org?.county_code ? geoOf(org.county_code) : null;
    let at: Position = [lon, lat];
    for (let i = 0; i < 20; i++) {
      const distance = fixRnd.real(50, 4000);
      const bearing = fixRnd.real(-180, 180);
      const p = turf.destination([lon, lat], distance, bearing, { units: 'meters' }).geometry.coordinates;
      if (!county || turf.booleanPointInPolygon(p, county)) {
        at = [round6(p[0] ?? lon), round6(p[1] ?? lat)];
        break;
      }
    }
    const ageMinutes = fixRnd.int(1, 72 * 60);
    return {
      last_fix_at: new Date(asOf.getTime() - ageMinutes * 60_000).toISOString(),
      last_geom: { type: 'Point', coordinates: at },
    };
  };
  for (const m of members) {
    if (!(m.status === 'full' || m.status === 'probationary')) continue;
    if (!rnd.chance(fieldOrgs.has(m.org_id) ? 0.45 : 0.08)) continue;
    const protocol = rnd.weighted({ jt808: 6, nmea: 2, http: 2 });
    const n = devices.length + 1;
    devices.push({
      id: n,
      member_id: m.id,
      protocol,
      auth_code: hex(rnd, 16),
      terminal_id:
        protocol === 'jt808'
          ? `0${m.phone}`
          : protocol === 'nmea'
            ? `BD${String(100000 + n)}`
            : `APP${String(100000 + n)}`,
      ...lastFix(m),
    });
  }

  // ---- a year of organisational life ------------------------------------------------------
  const orgLife: OrgLifeRow[] = [];
  const attendance: DemoDataset['attendance'] = [];
  const weak = new Set(rnd.shuffle(orgs.filter((o) => o.kind !== 'committee').map((o) => o.id)).slice(0, 6));
  for (const o of orgs) {
    if (o.kind === 'committee') continue;
    const list = (membersOf.get(o.id) ?? []).filter((m) => m.status === 'full' || m.status === 'probationary');
    const skip = weak.has(o.id) ? 0.3 : 0.04;
    const presence = weak.has(o.id) ? 0.7 : 0.9;
    const established = new Date(`${o.established}T00:00:00+08:00`);
    for (let back = 11; back >= 0; back--) {
      const month = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - back, 1));
      const quarterEnd = month.getUTCMonth() % 3 === 2;
      const kinds: OrgLifeRow['kind'][] = ['committee_meeting', 'group_meeting', 'theme_day'];
      if (quarterEnd) kinds.push('branch_congress', 'party_lecture');
      for (const kind of kinds) {
        if (rnd.chance(skip)) continue;
        const day = kind === 'theme_day' ? 10 : rnd.int(3, 26);
        const start = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), day, rnd.pick([1, 2, 6, 7]), 30));
        if (start >= asOf || start < established) continue;
        const event: OrgLifeRow = {
          id: orgLife.length + 1,
          org_id: o.id,
          kind,
          title: `${month.getUTCFullYear()}年${month.getUTCMonth() + 1}月${LIFE_TITLES[kind]}`,
          starts_at: start.toISOString(),
          ends_at: new Date(start.getTime() + (kind === 'theme_day' ? 3 : 1.5) * 3600_000).toISOString(),
          place_name: kind === 'theme_day' && o.category === 'border' ? '边境党建联建共建点' : `${o.name}党员活动室`,
          geom: o.geom,
        };
        orgLife.push(event);
        const invited = kind === 'committee_meeting' ? list.filter((m) => m.is_cadre).slice(0, 7) : list;
        for (const m of invited) {
          const r = rnd.next();
          attendance.push({
            org_life_id: event.id,
            member_id: m.id,
            status: r < presence ? 'present' : r < presence + 0.06 ? 'leave' : 'absent',
          });
        }
      }
    }
  }

  // ---- demo accounts ----------------------------------------------------------------------
  const secretaryOrg = borderBranches.get('532624')!;
  const memberOfBranch = (membersOf.get(secretaryOrg.id) ?? []).find((m) => m.status === 'full')!;
  const users = DEMO_ACCOUNTS.map((a) => ({
    username: a.username,
    role: a.role,
    display_name: a.displayName,
    org_id: a.binding === 'committee' ? committee.id : secretaryOrg.id,
    member_id: a.binding === 'border-branch-member' ? memberOfBranch.id : null,
  }));

  return {
    meta: { seed: opts.seed, asOf: opts.asOf, fictional: true, note: FICTIONAL_NOTE },
    orgs,
    members,
    teams,
    teamMembers,
    zones,
    zoneMembers,
    jointPoints,
    partners,
    jointPointOrgs,
    sites,
    devices,
    orgLife,
    attendance,
    users,
  };
}

/** Titles of the kinds of org life, as the events are named (`2026年3月支部委员会`). */
export const LIFE_TITLES: Record<OrgLifeRow['kind'], string> = {
  branch_congress: '支部党员大会',
  committee_meeting: '支部委员会',
  group_meeting: '党小组会',
  party_lecture: '党课',
  theme_day: '主题党日',
};

/** One fictional member with a plausible profile for the prefecture. */
function makeMember(rnd: Random, id: number, org: OrgRow, asOf: Date, usedIds: Set<string>): MemberRow {
  const ethnicity = rnd.weighted(ETHNICITY);
  const gender = rnd.chance(0.68) ? 'M' : 'F';
  const asOfYear = asOf.getUTCFullYear();
  const birthYear = Math.round(rnd.normal(asOfYear - 41, 9, asOfYear - 60, asOfYear - 22));
  const birth = new Date(Date.UTC(birthYear, rnd.int(0, 11), rnd.int(1, 28)));
  const status = rnd.weighted({ full: 90, probationary: 4, candidate: 3, activist: 3 });
  let joined: Date | null = null;
  if (status === 'full') {
    const earliest = birthYear + 20;
    joined = new Date(Date.UTC(rnd.int(earliest, Math.max(earliest, asOfYear - 2)), rnd.int(0, 11), 1));
    // A few became full within the last year (the 预备→正式 trend). A side generator keyed by the
    // member id, so the rest of the dataset stays as it was.
    const side = new Random(id * 7919 + 17);
    if (side.chance(0.06)) joined = addDays(asOf, -side.int(370, 725));
  } else if (status === 'probationary') {
    // Most within their probation year; some overdue for 转正 (feeds a warning rule).
    joined = addDays(asOf, -rnd.int(30, rnd.chance(0.25) ? 500 : 360));
  }
  const educationWeights =
    org.kind === 'committee' || org.category === 'organ'
      ? { ...EDUCATION, postgraduate: 12, secondary: 4, primary: 0 }
      : EDUCATION;
  let idNumber = '';
  do {
    idNumber = chineseId(rnd, org.county_code ?? '532601', birth, gender);
  } while (usedIds.has(idNumber));
  usedIds.add(idNumber);
  return {
    id,
    org_id: org.id,
    name: rnd.pick(SURNAMES) + rnd.pick(GIVEN) + (rnd.chance(0.8) ? rnd.pick(GIVEN) : ''),
    gender,
    birth_date: dateOnly(birth),
    ethnicity,
    education: rnd.weighted(educationWeights),
    joined_date: joined ? dateOnly(joined) : null,
    full_date: status === 'full' && joined ? dateOnly(addDays(joined, 365)) : null,
    status,
    is_cadre: false,
    phone: `1${rnd.pick(['3', '5', '7', '8', '9'])}${String(rnd.int(0, 999_999_999)).padStart(9, '0')}`,
    id_number: idNumber,
  };
}

/** An 18-digit resident ID with a valid ISO 7064 MOD 11-2 check digit (fictional serials). */
export function chineseId(rnd: Random, region: string, birth: Date, gender: 'M' | 'F'): string {
  const ymd = dateOnly(birth).replaceAll('-', '');
  let serial = rnd.int(0, 99) * 10 + rnd.int(0, 4) * 2 + (gender === 'M' ? 1 : 0);
  serial = Math.min(serial, 999);
  const body = `${region}${ymd}${String(serial).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

/** A simple star-shaped polygon: vertices at increasing angles, so it never self-intersects. */
function starPolygon(rnd: Random, centre: Position, rKm: number): Polygon {
  const n = 10;
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const bearing = -180 + (360 / n) * i + rnd.real(-8, 8);
    const p = turf.destination(centre, rKm * rnd.real(0.65, 1), bearing).geometry.coordinates;
    ring.push([round6(p[0]!), round6(p[1]!)]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

const pt = (p: Position): Point => ({ type: 'Point', coordinates: [round6(p[0]!), round6(p[1]!)] });
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);
/** Calendar date in China time (UTC+8). */
const dateOnly = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const hex = (rnd: Random, n: number) => Array.from({ length: n }, () => rnd.int(0, 15).toString(16)).join('');
