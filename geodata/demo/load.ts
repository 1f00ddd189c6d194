import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import type pg from 'pg';
import { hashPassword } from '../../api/auth/password.ts';
import { withTransaction } from '../../api/db/database.ts';
import { DEMO_PASSWORD, demoAuthCode, demoDeviceToken, demoNmeaSecret } from './accounts.ts';
import { type DemoDataset, generateDemo } from './generate.ts';

/** Seed of the demo dataset: change it and every generated name and place changes. */
export const DEMO_SEED = 438;

type AreaProps = { code: string; name: string; level: 'prefecture' | 'county' };
const readGeo = <T>(file: string): T => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as T;

/** The committed boundary files of geodata/ (built by `npm run geodata`). */
export function readGeodata() {
  const areas = readGeo<FeatureCollection<Polygon | MultiPolygon, AreaProps>>('admin_areas.geojson');
  const border = readGeo<FeatureCollection<LineString>>('border.geojson').features[0];
  if (!border) throw new Error('geodata/border.geojson has no line');
  const counties = areas.features.filter((f) => f.properties.level === 'county');
  return { areas, counties, border };
}

/** Today in China (UTC+8) as 'YYYY-MM-DD'. */
export const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export interface LoadOptions {
  /** Also generate the demo dataset (organisations, people, accounts) when there are no organisations. */
  demo?: boolean;
  /** Reference day of the demo dataset; tests fix it. */
  asOf?: string;
}

/**
 * Loads the geography into an empty database and, with `demo`, the demo dataset when no
 * organisation exists yet. Returns what was generated, or null when no demo data was loaded.
 */
export async function loadDataIfEmpty(pool: pg.Pool, { demo = true, asOf = chinaToday() }: LoadOptions = {}) {
  return withTransaction(pool, async (tx) => {
    // Serialises concurrent first starts against one server database.
    await tx.query('LOCK TABLE admin_area, org IN EXCLUSIVE MODE');
    const { rows } = await tx.query<{ areas: number; orgs: number }>(
      'SELECT (SELECT count(*) FROM admin_area)::int AS areas, (SELECT count(*) FROM org)::int AS orgs',
    );
    const needsGeography = rows[0]?.areas === 0;
    const needsDemo = demo && rows[0]?.orgs === 0;
    if (!needsGeography && !needsDemo) return null;
    const geo = readGeodata();
    if (needsGeography) await insertGeography(tx, geo.areas.features, geo.border);
    if (!needsDemo) return null;
    const data = generateDemo({ seed: DEMO_SEED, asOf, counties: geo.counties, border: geo.border });
    await insertDemo(tx, data);
    return { orgs: data.orgs.length, members: data.members.length };
  }).then(async (loaded) => {
    // Fresh statistics for the planner: the embedded engine runs no autovacuum, and without them
    // it takes every table for a few rows and nests the portrait and index joins (22 s, not 0.2 s).
    if (loaded) await pool.query('ANALYZE');
    return loaded;
  });
}

/** Admin areas (prefecture first) and the border split into 1 km geodesic segments. */
async function insertGeography(
  tx: pg.PoolClient,
  areas: Feature<Polygon | MultiPolygon, AreaProps>[],
  border: Feature<LineString>,
) {
  const prefecture = areas.find((a) => a.properties.level === 'prefecture');
  const rows = areas
    .map((a) => ({
      code: a.properties.code,
      name: a.properties.name,
      level: a.properties.level,
      parent_code: a.properties.level === 'county' ? (prefecture?.properties.code ?? null) : null,
      geom: a.geometry,
    }))
    .sort((a, b) => (a.level === b.level ? a.code.localeCompare(b.code) : a.level === 'prefecture' ? -1 : 1));
  await insertRows(
    tx,
    'admin_area',
    { code: 'text', name: 'text', level: 'text', parent_code: 'text', geom: 'multi' },
    rows,
  );

  const chunks = turf.lineChunk(border, 1, { units: 'kilometers' }).features;
  const segments = chunks.map((f, i) => {
    const len = turf.length(f, { units: 'kilometers' });
    return { seq: i + 1, from_km: i, to_km: i + len, geom: f.geometry };
  });
  await insertRows(tx, 'border', { seq: 'int', from_km: 'float8', to_km: 'float8', geom: 'geom' }, segments);
  // Each segment belongs to the county it runs along (nearest county outline).
  await tx.query(`
    UPDATE border b SET county_code = (
      SELECT a.code FROM admin_area a WHERE a.level = 'county' ORDER BY a.geom <-> b.geom LIMIT 1)`);
}

async function insertDemo(tx: pg.PoolClient, d: DemoDataset) {
  const demo = { is_demo: 'bool' } as const;
  const flag = <T>(rows: T[]) => rows.map((r) => ({ ...r, is_demo: true }));
  await insertRows(
    tx,
    'org',
    {
      id: 'int8',
      parent_id: 'int8',
      name: 'text',
      kind: 'text',
      category: 'text',
      county_code: 'text',
      star: 'int2',
      standardised: 'bool',
      established: 'date',
      term_start: 'date',
      term_end: 'date',
      geom: 'geom',
      ...demo,
    },
    flag(d.orgs),
  );
  await insertRows(
    tx,
    'member',
    {
      id: 'int8',
      org_id: 'int8',
      name: 'text',
      gender: 'text',
      birth_date: 'date',
      ethnicity: 'text',
      education: 'text',
      joined_date: 'date',
      full_date: 'date',
      status: 'text',
      is_cadre: 'bool',
      phone: 'text',
      id_number: 'text',
      ...demo,
    },
    flag(d.members),
  );
  await insertRows(tx, 'vanguard_team', { id: 'int8', org_id: 'int8', name: 'text', focus: 'text' }, d.teams);
  await insertRows(tx, 'vanguard_team_member', { team_id: 'int8', member_id: 'int8' }, d.teamMembers);
  await insertRows(
    tx,
    'zone',
    { id: 'int8', org_id: 'int8', name: 'text', kind: 'text', valid_from: 'date', geom: 'multi', ...demo },
    flag(d.zones),
  );
  await tx.query(`INSERT INTO zone_version (zone_id, version, name, kind, geom, changed_at)
                  SELECT id, version, name, kind, geom, valid_from FROM zone`);
  await insertRows(tx, 'zone_member', { zone_id: 'int8', member_id: 'int8', duty: 'text' }, d.zoneMembers);
  await insertRows(
    tx,
    'joint_point',
    { id: 'int8', name: 'text', county_code: 'text', established: 'date', description: 'text', geom: 'geom', ...demo },
    flag(d.jointPoints),
  );
  await insertRows(
    tx,
    'joint_point_partner',
    { joint_point_id: 'int8', partner_kind: 'text', partner_name: 'text' },
    d.partners,
  );
  await insertRows(tx, 'joint_point_org', { joint_point_id: 'int8', org_id: 'int8' }, d.jointPointOrgs);
  await insertRows(
    tx,
    'site',
    { id: 'int8', name: 'text', kind: 'text', county_code: 'text', org_id: 'int8', geom: 'geom', ...demo },
    flag(d.sites),
  );
  await insertRows(
    tx,
    'device',
    {
      id: 'int8',
      terminal_id: 'text',
      member_id: 'int8',
      protocol: 'text',
      auth_code: 'text',
      last_fix_at: 'timestamptz',
      last_geom: 'geom',
    },
    d.devices,
  );
  // Demo JT/T 808 terminals have registered and hold the derived code of accounts.ts.
  await tx.query(`UPDATE device SET auth_code = $1 || terminal_id, registered_at = now() WHERE protocol = 'jt808'`, [
    demoAuthCode(''),
  ]);
  // Demo NMEA terminals get the derived secret of accounts.ts (stored as its SHA-256 only).
  await tx.query(
    `UPDATE device SET secret_hash = sha256(convert_to($1 || terminal_id, 'UTF8')) WHERE protocol = 'nmea'`,
    [demoNmeaSecret('')],
  );
  // Demo HTTP terminals get the derived token of accounts.ts (stored as its SHA-256 only).
  await tx.query(
    `UPDATE device SET token_hash = sha256(convert_to($1 || terminal_id, 'UTF8')) WHERE protocol = 'http'`,
    [demoDeviceToken('')],
  );
  await insertRows(
    tx,
    'org_life',
    {
      id: 'int8',
      org_id: 'int8',
      kind: 'text',
      title: 'text',
      starts_at: 'timestamptz',
      ends_at: 'timestamptz',
      place_name: 'text',
      geom: 'geom',
    },
    d.orgLife,
  );
  await insertRows(tx, 'attendance', { org_life_id: 'int8', member_id: 'int8', status: 'text' }, d.attendance);
  const users = await Promise.all(
    d.users.map(async (u) => ({ ...u, password_hash: await hashPassword(DEMO_PASSWORD) })),
  );
  await insertRows(
    tx,
    'app_user',
    { username: 'text', password_hash: 'text', role: 'text', display_name: 'text', org_id: 'int8', member_id: 'int8' },
    users,
  );
  for (const table of ['org', 'member', 'vanguard_team', 'zone', 'joint_point', 'site', 'device', 'org_life']) {
    await tx.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
  }
  await tx.query(`INSERT INTO dataset_meta (key, value) VALUES ('demo', $1::jsonb)`, [JSON.stringify(d.meta)]);
}

/** Column type in json_to_recordset; 'geom' / 'multi' take GeoJSON and become geometry. */
type ColumnType = 'text' | 'int' | 'int2' | 'int8' | 'float8' | 'bool' | 'date' | 'timestamptz' | 'geom' | 'multi';

const BATCH = 20_000;

/**
 * Inserts rows through one `json_to_recordset` parameter per batch: one round trip for thousands
 * of rows on both engines. Table and column names come from this module only, never from input.
 */
async function insertRows(tx: pg.PoolClient, table: string, columns: Record<string, ColumnType>, rows: object[]) {
  const names = Object.keys(columns);
  const record = names
    .map((n) => `${n} ${columns[n] === 'geom' || columns[n] === 'multi' ? 'json' : columns[n]}`)
    .join(', ');
  const select = names
    .map((n) =>
      columns[n] === 'geom'
        ? `ST_SetSRID(ST_GeomFromGeoJSON(${n}::text), 4326)`
        : columns[n] === 'multi'
          ? `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${n}::text), 4326))`
          : n,
    )
    .join(', ');
  const sql = `INSERT INTO ${table} (${names.join(', ')}) SELECT ${select} FROM json_to_recordset($1::json) AS x(${record})`;
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx.query(sql, [JSON.stringify(rows.slice(i, i + BATCH))]);
  }
}
