import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { chineseId, LIFE_TITLES, type OrgLifeRow } from './generate.ts';
import { ETHNICITY, GIVEN, SURNAMES } from './places.ts';
import { Random } from './random.ts';

/**
 * Benchmark-sized data on top of the demo dataset: `members` members, members / 10 organisations,
 * `members` sites, `members` / 5 terminals with a last fix, and a year of org life with its
 * attendance for the synthetic branches, streamed with COPY. Needs a PostgreSQL server (DATABASE_URL).
 */
export interface ScaleOptions {
  members: number;
  seed: number;
  counties: Feature<Polygon | MultiPolygon, { code: string }>[];
}

/** Grid cell size in degrees for sampling points inside counties (~1 km). */
const CELL = 0.01;
/** Branches under each synthetic general branch. */
const BRANCHES_PER_GENERAL = 99;

export async function loadScale(client: pg.PoolClient, opts: ScaleOptions, log: (msg: string) => void = console.log) {
  // Row by row the tally triggers would hold every copied row in their transition tables; the
  // tallies are rebuilt once at the end instead (migrations/0011).
  await client.query(`SET redmap.tallies = 'off'`);
  try {
    await loadRows(client, opts, log);
  } finally {
    await client.query('RESET redmap.tallies');
  }
  const t0 = performance.now();
  await client.query('SELECT rebuild_tallies()');
  log(`scale: tallies rebuilt (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  await client.query(
    'ANALYZE org; ANALYZE member; ANALYZE site; ANALYZE device; ANALYZE org_life; ANALYZE attendance; ANALYZE subtree_tally; ANALYZE life_tally; ANALYZE life_first',
  );
}

async function loadRows(client: pg.PoolClient, opts: ScaleOptions, log: (msg: string) => void) {
  const rnd = new Random(opts.seed);
  const cells = insideCells(opts.counties);
  const point = (): [string, Position] => {
    const [code, x, y] = cells[Math.floor(rnd.next() * cells.length)]!;
    return [code, [x + rnd.next() * CELL, y + rnd.next() * CELL]];
  };
  const ewkt = ([x, y]: Position) => `SRID=4326;POINT(${x!.toFixed(6)} ${y!.toFixed(6)})`;

  const { rows } = await client.query<{ id: number; county_code: string; max: number }>(
    `SELECT id, county_code, (SELECT max(id) FROM org)::int AS max FROM org WHERE kind = 'general_branch' ORDER BY id`,
  );
  const countyParents = new Map(rows.map((r) => [r.county_code, r.id]));
  let nextOrg = (rows[0]?.max ?? 0) + 1;
  const orgCount = Math.max(1, Math.round(opts.members / 10));
  const branchIds: number[] = [];
  const branchGeoms: string[] = [];

  // Organisations: synthetic general branches under the county general branches, branches below them.
  await copy(client, 'org (id, parent_id, name, kind, category, county_code, star, geom, is_demo)', function* () {
    let general = 0;
    let generalCounty = '';
    for (let i = 0; i < orgCount; i++) {
      const [code, p] = point();
      if (i % (BRANCHES_PER_GENERAL + 1) === 0) {
        general = nextOrg++;
        generalCounty = code;
        yield [
          general,
          countyParents.get(code),
          `规模测试党总支${general}`,
          'general_branch',
          'organ',
          code,
          '',
          ewkt(p),
          't',
        ];
      } else {
        const id = nextOrg++;
        branchIds.push(id);
        branchGeoms.push(ewkt(p));
        yield [id, general, `规模测试党支部${id}`, 'branch', 'station', generalCounty, rnd.int(1, 5), ewkt(p), 't'];
      }
    }
  });
  log(`scale: ${orgCount} organisations`);

  const { rows: m } = await client.query<{ max: number }>('SELECT coalesce(max(id), 0)::int AS max FROM member');
  const statuses = ['full', 'full', 'full', 'full', 'full', 'full', 'full', 'full', 'probationary', 'candidate'];
  // Each member's branch (an index into branchIds) and flags, for the org life below.
  const memberBranch = new Int32Array(opts.members);
  const memberFlags = new Uint8Array(opts.members);
  await copy(
    client,
    'member (id, org_id, name, gender, birth_date, ethnicity, education, joined_date, full_date, status, is_cadre, phone, id_number, is_demo)',
    function* () {
      for (let i = 1; i <= opts.members; i++) {
        const gender = rnd.chance(0.68) ? 'M' : 'F';
        const birth = new Date(Date.UTC(rnd.int(1966, 2003), rnd.int(0, 11), rnd.int(1, 28)));
        const status = rnd.pick(statuses);
        const joinedYear = birth.getUTCFullYear() + rnd.int(20, 22);
        const joinedMonth = `0${rnd.int(1, 9)}`;
        const joined = status === 'candidate' ? '' : `${joinedYear}-${joinedMonth}-01`;
        const full = status === 'full' ? `${joinedYear + 1}-${joinedMonth}-01` : '';
        // Drawn in the order of the row's columns, so a seed gives the same members as before.
        const branch = Math.floor(rnd.next() * branchIds.length);
        const name = rnd.pick(SURNAMES) + rnd.pick(GIVEN) + rnd.pick(GIVEN);
        const ethnicity = rnd.weighted(ETHNICITY);
        const education = rnd.pick(['bachelor', 'college', 'secondary']);
        const cadre = rnd.chance(0.42);
        memberBranch[i - 1] = branch;
        memberFlags[i - 1] = (status === 'candidate' ? 0 : PARTY) | (cadre ? CADRE : 0) | (i % 5 === 0 ? TERMINAL : 0);
        yield [
          m[0]!.max + i,
          branchIds[branch] ?? 1,
          name,
          gender,
          birth.toISOString().slice(0, 10),
          ethnicity,
          education,
          joined,
          full,
          status,
          cadre ? 't' : 'f',
          `1${rnd.int(3, 9)}${String(rnd.int(0, 999_999_999)).padStart(9, '0')}`,
          chineseId(rnd, '532601', birth, gender),
          't',
        ];
      }
    },
  );
  log(`scale: ${opts.members} members`);

  const kinds = ['village_committee', 'retail_terminal', 'retail_terminal', 'purchase_point', 'border_post'];
  await copy(client, 'site (name, kind, county_code, geom, is_demo)', function* () {
    for (let i = 1; i <= opts.members; i++) {
      const [code, p] = point();
      yield [`规模测试站点${i}`, rnd.pick(kinds), code, ewkt(p), 't'];
    }
  });
  log(`scale: ${opts.members} sites`);

  // One member in five carries a BeiDou terminal, last heard within three days.
  const devices = Math.round(opts.members / 5);
  const now = Date.now();
  await copy(client, 'device (terminal_id, member_id, protocol, last_fix_at, last_geom)', function* () {
    for (let i = 1; i <= devices; i++) {
      const memberId = m[0]!.max + i * 5;
      const [, p] = point();
      yield [`S${memberId}`, memberId, 'jt808', new Date(now - rnd.int(1, 72 * 3600) * 1000).toISOString(), ewkt(p)];
    }
  });
  log(`scale: ${devices} terminals with a last fix`);

  await loadLife(client, {
    seed: opts.seed,
    now,
    branchIds,
    branchGeoms,
    firstMember: m[0]!.max + 1,
    memberBranch,
    memberFlags,
    log,
  });
  for (const table of ['org', 'member', 'site', 'device', 'org_life']) {
    await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
  }
}

/** Member flags of the scale dataset (memberFlags). */
const PARTY = 1;
const CADRE = 2;
const TERMINAL = 4;

/** Share of required events a branch skips, and of attendance marks by status and by BeiDou. */
const LIFE = { skipped: 0.05, present: 0.88, leave: 0.06, beidouOfPresentWithTerminal: 0.25 };

interface LifeInput {
  seed: number;
  /** The year of org life ends here (ms); nothing starts after it. */
  now: number;
  branchIds: number[];
  branchGeoms: string[];
  firstMember: number;
  memberBranch: Int32Array;
  memberFlags: Uint8Array;
  log: (msg: string) => void;
}

/**
 * A year of org life for every synthetic branch, as the demo's organisations have it: each
 * month a 支部委员会 (the cadres, at most seven), a 党小组会 and a 主题党日, each quarter a
 * 支部党员大会 and a 党课 (all Party members), about 5 % skipped; attendance for everyone invited
 * (present 88 %, leave 6 %, absent 6 %; a quarter of the presences of members with a terminal
 * filled in by BeiDou). Its own random stream, so the rows above stay those of the seed.
 */
async function loadLife(client: pg.PoolClient, input: LifeInput) {
  // Party members per branch, in id order (counting sort on the branch index).
  const start = new Int32Array(input.branchIds.length + 1);
  for (let i = 0; i < input.memberBranch.length; i++) {
    if ((input.memberFlags[i] ?? 0) & PARTY) start[(input.memberBranch[i] ?? 0) + 1]!++;
  }
  for (let b = 0; b < input.branchIds.length; b++) start[b + 1]! += start[b]!;
  const party = new Int32Array(start[input.branchIds.length]!);
  const fill = start.slice(0, -1);
  for (let i = 0; i < input.memberBranch.length; i++) {
    if ((input.memberFlags[i] ?? 0) & PARTY) party[fill[input.memberBranch[i]!]!++] = i;
  }

  const { rows } = await client.query<{ max: number }>('SELECT coalesce(max(id), 0)::int AS max FROM org_life');
  const firstEvent = rows[0]!.max + 1;
  // The events are streamed first (COPY into org_life), then the same walk again for their
  // attendance, so neither is held in memory: the events' draws come from a stream of their own,
  // the same on both walks, and the marks' from another.
  const counts = { events: 0, attendance: 0 };
  const walk = function* (emit: 'events' | 'attendance') {
    const r = new Random(input.seed ^ 0x11fe);
    const marks = new Random(input.seed ^ 0xa77e);
    let id = firstEvent;
    const local = new Date(input.now + 8 * 3600_000);
    // Month by month, as they are recorded: the tables come out in time order, like real ones.
    for (let back = 11; back >= 0; back--) {
      const month = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, 1));
      const kinds: OrgLifeRow['kind'][] = ['committee_meeting', 'group_meeting', 'theme_day'];
      if (month.getUTCMonth() % 3 === 2) kinds.push('branch_congress', 'party_lecture');
      for (let b = 0; b < input.branchIds.length; b++) {
        const orgId = input.branchIds[b]!;
        for (const kind of kinds) {
          if (r.chance(LIFE.skipped)) continue;
          const day = kind === 'theme_day' ? 10 : r.int(3, 26);
          // 9:30, 10:30, 14:30 or 15:30 in Shanghai.
          const starts = Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), day, r.pick([1, 2, 6, 7]), 30);
          if (starts >= input.now) continue;
          const eventId = id++;
          if (emit === 'events') {
            counts.events++;
            const ends = starts + (kind === 'theme_day' ? 3 : 1.5) * 3600_000;
            yield [
              eventId,
              orgId,
              kind,
              `${month.getUTCFullYear()}年${month.getUTCMonth() + 1}月${LIFE_TITLES[kind]}`,
              new Date(starts).toISOString(),
              new Date(ends).toISOString(),
              `规模测试党支部${orgId}党员活动室`,
              input.branchGeoms[b],
            ];
            continue;
          }
          let cadres = 0;
          for (let k = start[b]!; k < start[b + 1]!; k++) {
            const i = party[k]!;
            const flags = input.memberFlags[i]!;
            if (kind === 'committee_meeting' && (!(flags & CADRE) || cadres++ >= 7)) continue;
            const x = marks.next();
            const status = x < LIFE.present ? 'present' : x < LIFE.present + LIFE.leave ? 'leave' : 'absent';
            const beidou = status === 'present' && flags & TERMINAL && marks.chance(LIFE.beidouOfPresentWithTerminal);
            counts.attendance++;
            yield [eventId, input.firstMember + i, status, beidou ? 'beidou' : 'manual'];
          }
        }
      }
    }
  };
  const t0 = performance.now();
  await withoutKeys(client, ['org_life', 'attendance'], async () => {
    await copy(client, 'org_life (id, org_id, kind, title, starts_at, ends_at, place_name, geom)', () =>
      walk('events'),
    );
    await copy(client, 'attendance (org_life_id, member_id, status, source)', () => walk('attendance'));
  });
  const s = ((performance.now() - t0) / 1000).toFixed(0);
  input.log(`scale: ${counts.events} org-life events, ${counts.attendance} attendance marks (${s} s)`);
}

/**
 * Runs a bulk load into `tables` in one transaction with their foreign keys and secondary
 * indexes dropped, then builds the indexes and adds the keys back (which checks every row), as
 * the PostgreSQL manual advises for populating a database: checking 40 M foreign keys row by row
 * took ten times as long as the COPY itself. Primary and unique keys stay.
 */
async function withoutKeys(client: pg.PoolClient, tables: string[], load: () => Promise<void>) {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    const { rows: keys } = await client.query<{ owner: string; name: string; def: string }>(
      `SELECT conrelid::regclass::text AS owner, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY($1::regclass[])`,
      [tables],
    );
    const { rows: indexes } = await client.query<{ name: string; def: string }>(
      `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def
         FROM pg_index WHERE indrelid = ANY($1::regclass[]) AND NOT indisunique`,
      [tables],
    );
    for (const k of keys) await client.query(`ALTER TABLE ${k.owner} DROP CONSTRAINT ${k.name}`);
    for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
    await load();
    for (const i of indexes) await client.query(i.def);
    for (const k of keys) await client.query(`ALTER TABLE ${k.owner} ADD CONSTRAINT ${k.name} ${k.def}`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

/** Streams rows into `COPY target FROM STDIN` as CSV, with back-pressure. */
async function copy(client: pg.PoolClient, target: string, rows: () => Generator<unknown[]>) {
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN WITH (FORMAT csv)`));
  const it = rows();
  const source = new Readable({
    read() {
      let chunk = '';
      for (let i = 0; i < 2_000; i++) {
        const next = it.next();
        if (next.done) {
          if (chunk) this.push(chunk);
          this.push(null);
          return;
        }
        chunk += `${next.value.map(csv).join(',')}\n`;
      }
      this.push(chunk);
    },
  });
  await pipeline(source, stream as unknown as Writable);
}

const csv = (v: unknown) => {
  if (v === undefined || v === null || v === '') return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/** ~1 km cells whose four corners all lie in one county: [code, minLon, minLat]. */
function insideCells(counties: Feature<Polygon | MultiPolygon, { code: string }>[]): [string, number, number][] {
  const cells: [string, number, number][] = [];
  for (const county of counties) {
    const [minX, minY, maxX, maxY] = turf.bbox(county);
    for (let x = Math.floor(minX / CELL) * CELL; x < maxX; x += CELL) {
      for (let y = Math.floor(minY / CELL) * CELL; y < maxY; y += CELL) {
        const corners: Position[] = [
          [x, y],
          [x + CELL, y],
          [x, y + CELL],
          [x + CELL, y + CELL],
        ];
        if (corners.every((c) => turf.booleanPointInPolygon(c, county))) cells.push([county.properties.code, x, y]);
      }
    }
  }
  return cells;
}
