import { Hono } from 'hono';
import { validator } from 'hono/validator';
import type pg from 'pg';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type Caller, scopedQuery } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { idParam, parse } from '../http/validate.ts';
import { shanghaiDay } from '../portraits/query.ts';
import { analyseCoverage, type CoverageResult } from './analysis.ts';
import { coverageCsv, coverageGeoJson, coverageWorkbook } from './export.ts';
import { coverageBody, coverageParams } from './params.ts';

const ORG_EXISTS = loadSql(import.meta.url, '../orgs/exists.sql');
const RUN = loadSql(import.meta.url, 'run.sql');
const PLANS = loadSql(import.meta.url, 'plans.sql');

/** Scopes with more sites than this run as a job the client follows (202 + GET by id). */
export const SYNC_SITES = 50_000;
/** A job's statements may take this long (a request's are held to STATEMENT_TIMEOUT_MS). */
const JOB_STATEMENT_TIMEOUT = '10min';

/** Runs each statement in a transaction of its own with the job's longer statement timeout. */
function jobDb(pool: pg.Pool): Pick<pg.Pool, 'query'> {
  return {
    query: (async (text: string, values?: unknown[]) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`SET LOCAL statement_timeout = '${JOB_STATEMENT_TIMEOUT}'`);
        const result = await client.query(text, values);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    }) as pg.Pool['query'],
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const idPath = z.object({ id: idParam });
const planBody = z.object({ name: z.string().trim().min(1).max(100), runId: idParam }).strict();
const compareQuery = z.object({ a: idParam, b: idParam });

interface RunRow {
  id: number;
  orgId: number;
  state: 'running' | 'done' | 'failed';
  progress: number;
  step: string | null;
  params: unknown;
  result: CoverageResult | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A run of an organisation in the caller's scope, or 404. */
async function findRun(pool: pg.Pool, caller: Caller, id: number): Promise<RunRow> {
  const { rows } = await scopedQuery<RunRow>(pool, caller, RUN, [id]);
  if (!rows[0]) throw notFound('coverage run');
  return rows[0];
}

function doneResult(run: RunRow): CoverageResult {
  if (run.state !== 'done' || !run.result) throw badRequest(`coverage run ${run.id} is ${run.state}`, 'not_ready');
  return run.result;
}

/** The figures two runs are compared by. */
const headline = (r: CoverageResult) => ({
  date: r.params.date,
  sites: { total: r.sites.total, covered: r.sites.covered, share: r.sites.share },
  border: {
    totalKm: r.border.totalKm,
    coveredKm: r.border.coveredKm,
    share: r.border.share,
    gaps: r.border.gaps.length,
  },
  blindCells: r.grid.blind,
});

/** Coverage analysis (DESIGN §9): run, follow, fetch, export, save as a plan, compare. */
export function coverageRoutes({ pool, coverageSyncSites = SYNC_SITES }: AppDeps) {
  const runAndStore = async (
    caller: Caller,
    runId: number,
    params: ReturnType<typeof coverageParams>,
    job: boolean,
  ) => {
    try {
      const result = await analyseCoverage(job ? jobDb(pool) : pool, caller, params, (step, progress) =>
        pool
          .query('UPDATE coverage_run SET step = $2, progress = $3 WHERE id = $1', [runId, step, progress])
          .then(() => {}),
      );
      if (!result) throw notFound('org');
      await pool.query(
        `UPDATE coverage_run SET state = 'done', progress = 1, step = 'done', result = $2, finished_at = now() WHERE id = $1`,
        [runId, JSON.stringify(result)],
      );
      return result;
    } catch (err) {
      await pool.query(`UPDATE coverage_run SET state = 'failed', error = $2, finished_at = now() WHERE id = $1`, [
        runId,
        (err as Error).message.slice(0, 500),
      ]);
      throw err;
    }
  };

  return new Hono<AppEnv>()
    .use(requireRole('admin', 'leader', 'secretary'))
    .post(
      '/',
      validator('json', (body) => parse(coverageBody, body, 'coverage request')),
      async (c) => {
        const caller = c.get('caller');
        const body = c.req.valid('json');
        const org = body.org ?? caller.orgId;
        const { rows: exists } = await scopedQuery(pool, caller, ORG_EXISTS, [org]);
        if (!exists[0]) throw badRequest(`org ${org} is not in your scope`, 'org_out_of_scope');
        if (body.county) {
          const { rows } = await pool.query(`SELECT 1 FROM admin_area WHERE code = $1 AND level = 'county'`, [
            body.county,
          ]);
          if (!rows[0]) throw badRequest(`unknown county ${body.county}`, 'unknown_county');
        }
        const params = coverageParams(body, org, shanghaiDay(new Date()));
        const { rows: size } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM site s
            WHERE s.county_code IN (SELECT o.county_code FROM org o WHERE o.path <@ (SELECT path FROM org WHERE id = $1))`,
          [org],
        );
        const { rows } = await pool.query<{ id: number }>(
          'INSERT INTO coverage_run (org_id, params, created_by) VALUES ($1, $2, $3) RETURNING id',
          [org, JSON.stringify(params), caller.userId || null],
        );
        const id = rows[0]!.id;
        if ((size[0]?.n ?? 0) > coverageSyncSites) {
          // A job: the client follows GET /api/coverage/:id; failures are stored on the run.
          void runAndStore(caller, id, params, true).catch(() => {});
          return c.json({ id, state: 'running', progress: 0 }, 202);
        }
        const result = await runAndStore(caller, id, params, false);
        // DESIGN §9's summary at the top level, the whole result (segments, cells, …) under `result`.
        return c.json({
          id,
          state: 'done',
          progress: 1,
          sites: {
            total: result.sites.total,
            covered: result.sites.covered,
            share: result.sites.share,
            uncovered: result.sites.items.filter((s) => !s.covered),
          },
          border: {
            totalKm: result.border.totalKm,
            coveredKm: result.border.coveredKm,
            share: result.border.share,
            gaps: result.border.gaps,
          },
          recommendations: result.recommendations.picks,
          result,
        });
      },
    )
    .get('/plans', async (c) => {
      const caller = c.get('caller');
      const { rows } = await scopedQuery(pool, caller, PLANS, []);
      return c.json({ items: rows });
    })
    .post(
      '/plans',
      validator('json', (body) => parse(planBody, body, 'plan')),
      async (c) => {
        const caller = c.get('caller');
        const body = c.req.valid('json');
        const run = await findRun(pool, caller, body.runId);
        doneResult(run);
        const { rows } = await pool.query<{ id: number }>(
          `INSERT INTO coverage_plan (name, run_id, org_id, created_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (org_id, name) DO NOTHING RETURNING id`,
          [body.name, run.id, run.orgId, caller.userId || null],
        );
        if (!rows[0]) throw badRequest(`a plan named ${body.name} exists`, 'duplicate_name');
        return c.json({ id: rows[0].id, name: body.name, runId: run.id }, 201);
      },
    )
    .get(
      '/compare',
      validator('query', (q) => parse(compareQuery, q, 'query')),
      async (c) => {
        const caller = c.get('caller');
        const q = c.req.valid('query');
        const a = headline(doneResult(await findRun(pool, caller, q.a)));
        const b = headline(doneResult(await findRun(pool, caller, q.b)));
        const diff = (x: number | null, y: number | null) =>
          x === null || y === null ? null : Math.round((y - x) * 10000) / 10000;
        return c.json({
          a: { runId: q.a, ...a },
          b: { runId: q.b, ...b },
          change: {
            sitesShare: diff(a.sites.share, b.sites.share),
            sitesCovered: b.sites.covered - a.sites.covered,
            borderShare: diff(a.border.share, b.border.share),
            borderCoveredKm: diff(a.border.coveredKm, b.border.coveredKm),
            blindCells: b.blindCells - a.blindCells,
          },
        });
      },
    )
    .get(
      '/:id',
      validator('param', (p) => parse(idPath, p, 'path')),
      async (c) => {
        const run = await findRun(pool, c.get('caller'), c.req.valid('param').id);
        return c.json(run);
      },
    )
    .get(
      '/:id/export.geojson',
      validator('param', (p) => parse(idPath, p, 'path')),
      async (c) => {
        const result = doneResult(await findRun(pool, c.get('caller'), c.req.valid('param').id));
        return new Response(JSON.stringify(coverageGeoJson(result)), {
          headers: {
            'content-type': 'application/geo+json',
            'content-disposition': `attachment; filename="coverage-${c.req.valid('param').id}.geojson"`,
          },
        });
      },
    )
    .get(
      '/:id/export.xlsx',
      validator('param', (p) => parse(idPath, p, 'path')),
      async (c) => {
        const id = c.req.valid('param').id;
        const result = doneResult(await findRun(pool, c.get('caller'), id));
        return new Response(new Uint8Array(await coverageWorkbook(result)), {
          headers: {
            'content-type': XLSX,
            'content-disposition': `attachment; filename="coverage-${id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`覆盖分析-${id}`)}.xlsx`,
          },
        });
      },
    )
    .get(
      '/:id/export.csv',
      validator('param', (p) => parse(idPath, p, 'path')),
      async (c) => {
        const id = c.req.valid('param').id;
        const result = doneResult(await findRun(pool, c.get('caller'), id));
        return new Response(coverageCsv(result), {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="coverage-${id}.csv"`,
          },
        });
      },
    );
}
