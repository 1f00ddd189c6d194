import type pg from 'pg';
import { type Caller, scopedQuery } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import { type CoveringInstance, exact, greedy } from './optimise.ts';
import type { CoverageParams } from './params.ts';

const SCOPE = loadSql(import.meta.url, 'scope.sql');
const SITES = loadSql(import.meta.url, 'sites.sql');
const BORDER = loadSql(import.meta.url, 'border.sql');
const GRID = loadSql(import.meta.url, 'grid.sql');
const CANDIDATES = loadSql(import.meta.url, 'candidates.sql');

type Db = Pick<pg.Pool, 'query'>;

/** Site statements running at once (one county each). */
const SITE_CONCURRENCY = 2;

/** Maps `items` through `f`, at most `limit` at a time, keeping their order. */
async function inParallel<T, R>(items: T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i] as T);
      }
    }),
  );
  return out;
}

/** Scopes up to this many sites list every site with its state; larger ones only the uncovered. */
export const LIST_ALL_SITES = 20_000;

export interface SiteRow {
  id: number;
  name: string;
  kind: string;
  countyCode: string;
  lon: number;
  lat: number;
  covered: boolean;
  zoneId: number | null;
  nearestOrgId: number | null;
  nearestOrgM: number | null;
  hypotheticalM: number | null;
  radiusM: number;
}

export interface SegmentRow {
  seq: number;
  fromKm: number;
  toKm: number;
  countyCode: string;
  jointPointId: number | null;
  jointPointM: number | null;
  zoneId: number | null;
  hypotheticalM: number | null;
  covered: boolean;
  geometry: unknown;
}

export interface CellRow {
  i: number;
  j: number;
  lon: number;
  lat: number;
  county: string | null;
  nearestOrgM: number | null;
  blind: boolean;
  uncoveredSites: number;
  geometry: unknown;
}

/** An uncovered stretch: consecutive uncovered segments of one county, km from the border's start. */
export interface Run {
  countyCode: string;
  fromKm: number;
  toKm: number;
  km: number;
  segments: number;
}

export interface Recommendation {
  rank: number;
  source: 'site' | 'cell';
  sourceId: string;
  lon: number;
  lat: number;
  countyCode: string | null;
  gainSites: number;
  gainBorderKm: number;
  gain: number;
  totalSites: number;
  totalBorderKm: number;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const share = (part: number, whole: number) => (whole ? round(part / whole, 4) : null);

/** Merges consecutive uncovered segments (by seq, same county, touching km) into runs. */
export function uncoveredRuns(segments: SegmentRow[]): Run[] {
  const runs: Run[] = [];
  let prev: SegmentRow | undefined;
  for (const s of segments) {
    if (s.covered) {
      prev = undefined;
      continue;
    }
    const last = runs.at(-1);
    if (
      prev &&
      last &&
      prev.seq + 1 === s.seq &&
      prev.countyCode === s.countyCode &&
      Math.abs(prev.toKm - s.fromKm) < 1e-6
    ) {
      last.toKm = s.toKm;
      last.km = round(last.toKm - last.fromKm);
      last.segments++;
    } else {
      runs.push({
        countyCode: s.countyCode,
        fromKm: s.fromKm,
        toKm: s.toKm,
        km: round(s.toKm - s.fromKm),
        segments: 1,
      });
    }
    prev = s;
  }
  return runs;
}

type Progress = (step: string, fraction: number) => Promise<void> | void;

/**
 * One coverage analysis of the subtree `params.org` (DESIGN §5): sites, border, hex grid and up to
 * k recommended new sites, greedy and, on a small enough instance, the exact optimum. Null when
 * the organisation is outside the caller's scope.
 */
export async function analyseCoverage(db: Db, caller: Caller, params: CoverageParams, progress: Progress = () => {}) {
  const t0 = performance.now();
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, f: () => Promise<T>) => {
    const t = performance.now();
    const value = await f();
    timings[name] = Math.round(performance.now() - t);
    return value;
  };
  const { rows: scopeRows } = await scopedQuery<{ id: number; name: string; counties: string[] }>(db, caller, SCOPE, [
    params.org,
  ]);
  const scope = scopeRows[0];
  if (!scope) return null;
  const q = <R extends pg.QueryResultRow>(sql: string, values: unknown[]) =>
    scopedQuery<R>(db, caller, sql, [params.org, ...values]).then((r) => r.rows);

  await progress('sites', 0.05);
  const { rows: count } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM site WHERE county_code = ANY($1)',
    [scope.counties],
  );
  const listAll = (count[0]?.n ?? 0) <= LIST_ALL_SITES;
  // A county per statement, two at a time: the server's two cores work in parallel (the
  // embedded engine queues them on its one backend, which costs nothing).
  const perCounty = await timed('sites', () =>
    inParallel(scope.counties, SITE_CONCURRENCY, (county) =>
      q<{ summary: { countyCode: string; kind: string; total: number; covered: number }[]; sites: SiteRow[] }>(SITES, [
        JSON.stringify(params.radiusM),
        params.zoneKinds,
        params.siteKinds,
        params.date,
        JSON.stringify(params.hypothetical.orgs),
        listAll,
        [county],
      ]).then((rows) => rows[0]),
    ),
  );
  const summary = perCounty.flatMap((r) => r?.summary ?? []);
  const siteRows = perCounty.flatMap((r) => r?.sites ?? []).sort((a, b) => a.id - b.id);
  const uncoveredSites = siteRows.filter((s) => !s.covered);
  const sitesTotal = summary.reduce((s, r) => s + r.total, 0);
  const sitesCovered = summary.reduce((s, r) => s + r.covered, 0);

  await progress('border', 0.5);
  const segments = await timed('border', () =>
    q<SegmentRow>(BORDER, [
      params.borderRadiusM,
      params.date,
      JSON.stringify(params.hypothetical.jointPoints),
      params.zoneKinds,
    ]),
  );
  const km = (s: SegmentRow) => s.toKm - s.fromKm;
  const borderTotal = segments.reduce((s, x) => s + km(x), 0);
  const borderCovered = segments.filter((s) => s.covered).reduce((s, x) => s + km(x), 0);
  const runs = uncoveredRuns(segments);

  await progress('grid', 0.65);
  const siteRadius = Math.max(...Object.values(params.radiusM));
  const cells = await timed('grid', () =>
    q<CellRow>(GRID, [
      params.cellM,
      params.date,
      JSON.stringify(params.hypothetical.orgs),
      uncoveredSites.map((s) => s.id),
      Math.min(...Object.values(params.radiusM)),
    ]),
  );

  await progress('recommendations', 0.8);
  const uncoveredSegments = segments.filter((s) => !s.covered);
  const inCounty = (code: string | null) => params.county === null || code === params.county;
  const candidates = [
    ...uncoveredSites
      .filter((s) => inCounty(s.countyCode))
      .map((s) => ({
        source: 'site' as const,
        sourceId: String(s.id),
        lon: s.lon,
        lat: s.lat,
        countyCode: s.countyCode,
      })),
    ...cells
      .filter((c) => inCounty(c.county))
      .map((c) => ({
        source: 'cell' as const,
        sourceId: `${c.i},${c.j}`,
        lon: c.lon,
        lat: c.lat,
        countyCode: c.county,
      })),
  ];
  const incidence =
    params.k > 0 && candidates.length > 0 && (uncoveredSites.length > 0 || uncoveredSegments.length > 0)
      ? await timed('candidates', () =>
          db
            .query<{ key: string; sites: string[]; segments: number[] }>(CANDIDATES, [
              JSON.stringify(candidates.map((c, i) => [String(i), c.lon, c.lat])),
              uncoveredSites.map((s) => s.id),
              JSON.stringify(params.radiusM),
              siteRadius,
              uncoveredSegments.map((s) => s.seq),
              params.borderRadiusM,
            ])
            .then((r) => r.rows),
        )
      : [];
  // Items: the uncovered sites, then the uncovered segments.
  const siteIndex = new Map(uncoveredSites.map((s, i) => [s.id, i]));
  const segmentIndex = new Map(uncoveredSegments.map((s, i) => [s.seq, uncoveredSites.length + i]));
  const instance: CoveringInstance = {
    covers: candidates.map(() => []),
    weights: [...uncoveredSites.map(() => 1), ...uncoveredSegments.map((s) => params.weightBorderKm * km(s))],
  };
  for (const row of incidence) {
    instance.covers[Number(row.key)] = [
      ...row.sites.map((id) => siteIndex.get(Number(id)) ?? -1),
      ...row.segments.map((seq) => segmentIndex.get(seq) ?? -1),
    ].filter((i) => i >= 0);
  }
  const picks = await timed('greedy', async () => greedy(instance, params.k));
  let totalSites = sitesCovered;
  let totalKm = borderCovered;
  const recommendations: Recommendation[] = picks.map((p, rank) => {
    const c = candidates[p.candidate]!;
    const gainSites = p.items.filter((i) => i < uncoveredSites.length).length;
    const gainBorderKm = p.items
      .filter((i) => i >= uncoveredSites.length)
      .reduce((s, i) => s + km(uncoveredSegments[i - uncoveredSites.length]!), 0);
    totalSites += gainSites;
    totalKm += gainBorderKm;
    return {
      rank: rank + 1,
      ...c,
      gainSites,
      gainBorderKm: round(gainBorderKm),
      gain: round(p.gain),
      totalSites,
      totalBorderKm: round(totalKm),
    };
  });
  const greedyObjective = picks.reduce((s, p) => s + p.gain, 0);
  const optimum = params.exact && params.k > 0 ? await timed('exact', () => exact(instance, params.k)) : null;

  await progress('done', 1);
  return {
    org: { id: scope.id, name: scope.name, counties: scope.counties },
    params,
    sites: {
      total: sitesTotal,
      covered: sitesCovered,
      share: share(sitesCovered, sitesTotal),
      byCounty: summary,
      listed: listAll ? 'all' : 'uncovered',
      items: siteRows,
    },
    border: {
      totalKm: round(borderTotal),
      coveredKm: round(borderCovered),
      share: share(borderCovered, borderTotal),
      gaps: runs,
      segments,
    },
    grid: {
      cellKm: params.cellM / 1000,
      cells: cells.length,
      blind: cells.filter((c) => c.blind).length,
      items: cells,
    },
    recommendations: {
      k: params.k,
      candidates: candidates.length,
      weightBorderKm: params.weightBorderKm,
      picks: recommendations,
      greedy: round(greedyObjective),
      exact: optimum
        ? {
            status: optimum.status,
            objective: round(optimum.objective),
            gap: optimum.objective > 0 ? round((optimum.objective - greedyObjective) / optimum.objective, 4) : 0,
            seconds: round(optimum.seconds, 2),
            picks: optimum.candidates.map((i) => candidates[i]),
          }
        : null,
    },
    timings: { ...timings, total: Math.round(performance.now() - t0) },
  };
}

export type CoverageResult = NonNullable<Awaited<ReturnType<typeof analyseCoverage>>>;
