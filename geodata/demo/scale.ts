import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { chineseId } from './generate.ts';
import { ETHNICITY, GIVEN, SURNAMES } from './places.ts';
import { Random } from './random.ts';

/**
 * Benchmark-sized data on top of the demo dataset: `members` members, members / 10 organisations
 * `members` sites and `members` / 5 terminals with a last fix, streamed with COPY. Needs a PostgreSQL server (DATABASE_URL).
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
        yield [id, general, `规模测试党支部${id}`, 'branch', 'station', generalCounty, rnd.int(1, 5), ewkt(p), 't'];
      }
    }
  });
  log(`scale: ${orgCount} organisations`);

  const { rows: m } = await client.query<{ max: number }>('SELECT coalesce(max(id), 0)::int AS max FROM member');
  const statuses = ['full', 'full', 'full', 'full', 'full', 'full', 'full', 'full', 'probationary', 'candidate'];
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
        yield [
          m[0]!.max + i,
          rnd.pick(branchIds.length ? branchIds : [1]),
          rnd.pick(SURNAMES) + rnd.pick(GIVEN) + rnd.pick(GIVEN),
          gender,
          birth.toISOString().slice(0, 10),
          rnd.weighted(ETHNICITY),
          rnd.pick(['bachelor', 'college', 'secondary']),
          joined,
          full,
          status,
          rnd.chance(0.42) ? 't' : 'f',
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
  for (const table of ['org', 'member', 'site', 'device']) {
    await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
  }
  await client.query('ANALYZE org; ANALYZE member; ANALYZE site; ANALYZE device');
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
