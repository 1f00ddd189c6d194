import { mkdirSync, writeFileSync } from 'node:fs';
import { startBenchChild } from '../../test/bench/child.ts';
import { ensureDataset, logIn, percentile, record, replay } from '../../test/bench/common.ts';
import { createSession, findCaller } from '../auth/sessions.ts';
import { openDatabase } from '../db/database.ts';
import { analyseCoverage } from './analysis.ts';
import { type CoverageBody, coverageParams } from './params.ts';

/** Runs per case after one warm-up; each is a whole analysis of 1,000,000 sites. */
const RUNS = Math.max(2, Math.round(2 * Number(process.env.BENCH_SCALE ?? 1)));

interface Case {
  name: string;
  body: CoverageBody;
  /** Acceptance target, seconds (null: measured for completeness). */
  target: number | null;
}

/**
 * The two analyses the acceptance names, over the leader's whole scope (100,000 organisations,
 * 1,000,000 sites): the site and border analysis (k = 0) and greedy k = 10; and greedy k = 10 at
 * R = 0.5 km, where about a tenth of the sites are uncovered, so the candidate set is large.
 */
const CASES: Case[] = [
  { name: 'sites, border and grid (k = 0)', body: { k: 0 }, target: 30 },
  { name: 'greedy k = 10 (defaults)', body: { k: 10, exact: false }, target: 60 },
  { name: 'greedy k = 10 at R = 0.5 km', body: { k: 10, exact: false, siteRadiusKm: 0.5 }, target: 60 },
];

/**
 * `npm run bench -- coverage`: the coverage analysis through the HTTP app (POST /api/coverage as
 * a job, followed until done) against the bare SQL of the same statements (recorded from the
 * analysis, replayed on a pool), on the 1,000,000-member dataset of DATABASE_URL (generated there
 * when missing). Prints the table and writes bench/results/coverage.json.
 */
export async function benchCoverage(databaseUrl: string) {
  const db = await openDatabase({ databaseUrl, dataDir: '' });
  try {
    await ensureDataset(db.pool);
    const { rows: d } = await db.pool.query(
      `SELECT (SELECT count(*) FROM site)::int AS sites, (SELECT count(*) FROM org)::int AS orgs,
              (SELECT count(*) FROM border)::int AS segments, (SELECT count(*) FROM joint_point)::int AS "jointPoints",
              (SELECT count(*) FROM zone)::int AS zones`,
    );
    const dataset = d[0];
    console.log(
      `dataset: ${dataset.sites} sites, ${dataset.orgs} orgs, ${dataset.segments} border segments, ${dataset.jointPoints} joint points, ${dataset.zones} zones`,
    );
    const { rows: u } = await db.pool.query<{ id: number }>(`SELECT id FROM app_user WHERE username = 'leader'`);
    const caller = await findCaller(db.pool, await createSession(db.pool, u[0]?.id ?? 0, 1));
    if (!caller) throw new Error('no leader session');
    const child = await startBenchChild(new URL('../../test/bench/server.ts', import.meta.url), {
      DATABASE_URL: databaseUrl,
    });
    const baseUrl = `http://127.0.0.1:${child.port}`;
    const cookie = await logIn(baseUrl, 'leader');
    const results = [];
    try {
      for (const c of CASES) {
        const params = coverageParams(c.body, caller.orgId, new Date().toISOString().slice(0, 10));
        let summary: unknown;
        const statements = await record(db.pool, async (q) => {
          const r = await analyseCoverage(q, caller, params);
          summary = r && {
            sites: { total: r.sites.total, covered: r.sites.covered, listed: r.sites.items.length },
            border: { totalKm: r.border.totalKm, coveredKm: r.border.coveredKm, gaps: r.border.gaps.length },
            cells: r.grid.cells,
            candidates: r.recommendations.candidates,
            picks: r.recommendations.picks.map((p) => [p.gainSites, p.gainBorderKm]),
            timings: r.timings,
          };
        });
        const bare: number[] = [];
        const endpoint: number[] = [];
        for (let i = 0; i < RUNS; i++) bare.push((await replay(db.pool, statements)) / 1000);
        for (let i = 0; i < RUNS; i++) endpoint.push(await viaApi(baseUrl, cookie, c.body));
        const row = {
          name: c.name,
          runs: RUNS,
          statements: statements.length,
          bareS: percentile(bare, 50),
          endpointS: percentile(endpoint, 50),
          target: c.target,
          summary,
        };
        results.push(row);
        console.log(
          `  ${c.name}: bare SQL ${row.bareS.toFixed(1)} s, endpoint ${row.endpointS.toFixed(1)} s; ${JSON.stringify(summary)}`,
        );
      }
    } finally {
      await child.stop();
    }
    console.log('\n| analysis | runs | bare SQL p50 s | endpoint p50 s | ratio | target | met |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of results) {
      const met = r.target === null ? '' : r.endpointS < r.target ? 'yes' : '**no**';
      console.log(
        `| ${r.name} | ${r.runs} | ${r.bareS.toFixed(1)} | **${r.endpointS.toFixed(1)}** | ${(r.endpointS / r.bareS).toFixed(2)} | < ${r.target} s | ${met} |`,
      );
    }
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      'bench/results/coverage.json',
      `${JSON.stringify({ at: new Date().toISOString(), dataset, results }, null, 2)}\n`,
    );
    console.log('written to bench/results/coverage.json');
  } finally {
    await db.close();
  }
}

/** POST /api/coverage and follow the job to its end; seconds from the request to the result. */
async function viaApi(baseUrl: string, cookie: string, body: CoverageBody): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/api/coverage`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const started = (await res.json()) as { id: number; state: string };
  if (res.status !== 202 && res.status !== 200) throw new Error(`POST /api/coverage: HTTP ${res.status}`);
  let state = started.state;
  while (state === 'running') {
    await new Promise((r) => setTimeout(r, 250));
    const run = (await (await fetch(`${baseUrl}/api/coverage/${started.id}`, { headers: { cookie } })).json()) as {
      state: string;
      error: string | null;
    };
    state = run.state;
    if (state === 'failed') throw new Error(`coverage run ${started.id} failed: ${run.error}`);
  }
  return (performance.now() - t0) / 1000;
}
