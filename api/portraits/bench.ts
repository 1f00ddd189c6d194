import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type pg from 'pg';
import { startBenchChild } from '../../test/bench/child.ts';
import { ensureDataset, logIn, percentile, record, replay, type Statement } from '../../test/bench/common.ts';
import { drillOrgs, memberTeam, orgSystem } from '../analysis/data.ts';
import type { Caller } from '../auth/scope.ts';
import { createSession, findCaller } from '../auth/sessions.ts';
import { openDatabase } from '../db/database.ts';
import { drillEvents, drillLifeOrgs, drillMembers, memberPortrait, orgPortrait } from './data.ts';

/** Sequential runs per case after the warm-up (BENCH_SCALE multiplies them); whole-tree cases run fewer. */
const RUNS = Math.max(3, Math.round(20 * Number(process.env.BENCH_SCALE ?? 1)));
const TREE_RUNS = Math.max(3, Math.round(RUNS / 2));
const WARMUP = 2;
/** Members in each half of the member-portrait sample: with a terminal and a track, and without. */
const SAMPLE = 10;
/** A day of fixes every 10 s for the sample's terminals: the track SQL thins it to about 2,000. */
const TRACK_FIXES = 8640;
/** Concurrent requests for the throughput figure, the same for both sides; the app's pool has 16. */
const CONCURRENCY = 8;
/** BENCH_ONLY=subtree,member,tree picks scopes (all by default), for quicker runs while tuning. */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'subtree,member,tree').split(','));
/** BENCH_DRILLS=0 leaves out the drill-down lists (no target; the slowest cases). */
const DRILLS = process.env.BENCH_DRILLS !== '0';

type Db = Pick<pg.Pool, 'query'>;

/** One measured request: its HTTP path and the data function behind it, for input `i`. */
interface Case {
  name: string;
  scope: 'subtree' | 'tree' | 'member';
  /** Acceptance target for the p50, ms (null: measured for completeness). */
  target: number | null;
  inputs: number;
  path: (i: number) => string;
  call: (db: Db, caller: Caller, i: number) => Promise<unknown>;
}

/** The SQL files the data functions load, by text, to name the statements in the breakdown. */
function sqlNames(): Map<string, string> {
  const names = new Map<string, string>();
  for (const dir of ['portraits', 'analysis', 'orgs', 'members', 'positions']) {
    const url = new URL(`../${dir}/`, import.meta.url);
    for (const file of readdirSync(url).filter((f) => f.endsWith('.sql'))) {
      names.set(readFileSync(new URL(file, url), 'utf8'), `${dir}/${file}`);
    }
  }
  return names;
}

/** One request through the HTTP app, body read to the end; throws on anything but 200. */
async function request(baseUrl: string, cookie: string, path: string) {
  const t0 = performance.now();
  const res = await fetch(baseUrl + path, { headers: { cookie } });
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
  return performance.now() - t0;
}

/**
 * The fixed sample of Party members for the member portrait: SAMPLE spread over the synthetic
 * members with a terminal, each given a day's track once (TRACK_FIXES fixes up to its last fix),
 * and SAMPLE spread over those without one.
 */
async function memberSample(pool: pg.Pool) {
  const spread = async (withTerminal: boolean) => {
    const { rows } = await pool.query<{ id: number }>(
      `SELECT id FROM (
         SELECT m.id, row_number() OVER (ORDER BY m.id) AS n, count(*) OVER () AS total
           FROM member m
          WHERE m.status IN ('full', 'probationary')
            AND m.org_id IN (SELECT id FROM org WHERE name LIKE '规模测试党支部%')
            AND EXISTS (SELECT 1 FROM device d WHERE d.member_id = m.id) = $1) x
        WHERE n % (total / $2) = 1 ORDER BY id LIMIT $2`,
      [withTerminal, SAMPLE],
    );
    return rows.map((r) => r.id);
  };
  const withTerminal = await spread(true);
  const without = await spread(false);
  const { rows } = await pool.query<{ day: string }>(
    `SELECT date_trunc('month', min(last_fix_at) - interval '1 day')::date::text AS day FROM device WHERE member_id = ANY($1)`,
    [withTerminal],
  );
  await pool.query('SELECT ensure_position_partitions($1::date, 2)', [rows[0]?.day]);
  await pool.query(
    `INSERT INTO position (device_id, member_id, time, geom, source)
     SELECT d.id, d.member_id, d.last_fix_at - s * interval '10 seconds',
            ST_SetSRID(ST_MakePoint(ST_X(d.last_geom) + 0.01 * sin(s / 500.0), ST_Y(d.last_geom) + 0.01 * cos(s / 500.0)), 4326),
            'demo'
       FROM device d CROSS JOIN generate_series(0, $2 - 1) s
      WHERE d.member_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM position p WHERE p.member_id = d.member_id)`,
    [withTerminal, TRACK_FIXES],
  );
  return { withTerminal, without };
}

/** Member portraits over the whole sample, CONCURRENCY at a time: bare SQL and endpoint per second. */
async function memberThroughput(pool: pg.Pool, baseUrl: string, cookie: string, caller: Caller, members: number[]) {
  const recorded = await Promise.all(
    members.map((id) => record(pool, (q) => memberPortrait(q, caller, id, new Date()))),
  );
  const total = Math.max(members.length, 20 * RUNS);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await replay(pool, recorded[next++ % members.length] ?? []);
    }),
  );
  const barePerSecond = total / ((performance.now() - t0) / 1000);
  let k = 0;
  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections: CONCURRENCY,
    amount: total,
    headers: { cookie },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/api/members/${members[k++ % members.length]}/portrait` }),
      },
    ],
  });
  if (result.non2xx + result.errors > 0) throw new Error(`${result.non2xx + result.errors} member portraits failed`);
  const endpointPerSecond = total / ((performance.now() - started) / 1000);
  return {
    requests: total,
    concurrency: CONCURRENCY,
    barePerSecond,
    endpointPerSecond,
    endpointP50: result.latency.p50,
  };
}

/**
 * `npm run bench -- portraits`: p50 and p95 of the org portrait, the two analyses, the member
 * portrait and the drill-down lists through the HTTP app, sequentially after a warm-up, against
 * the bare SQL of the same statements (recorded from the data function, replayed on a pool), on
 * the 1,000,000-member dataset of DATABASE_URL (generated there when missing). Prints the tables
 * and writes bench/results/portraits.json.
 */
export async function benchPortraits(databaseUrl: string) {
  const db = await openDatabase({ databaseUrl, dataDir: '' });
  try {
    await ensureDataset(db.pool);
    const { rows: d } = await db.pool.query(
      `SELECT (SELECT count(*) FROM member)::int AS members, (SELECT count(*) FROM org)::int AS orgs,
              (SELECT count(*) FROM org_life)::int AS events, (SELECT count(*) FROM attendance)::int AS attendance,
              (SELECT count(*) FROM warning WHERE state <> 'closed')::int AS warnings,
              (SELECT count(*) FROM org_index)::int AS snapshots,
              (SELECT u.org_id FROM app_user u WHERE u.username = 'leader')::int AS root`,
    );
    const dataset = d[0];
    // The prefecture-size subtree: the county general branch whose subtree is nearest a tenth of
    // the tree (about 10,000 organisations and 100,000 members, the size of a prefecture's).
    const { rows: s } = await db.pool.query(
      `WITH c AS (
         SELECT g.id, g.name, (SELECT count(*) FROM org o WHERE o.path <@ g.path)::int AS orgs
           FROM org g WHERE nlevel(g.path) = 2)
       SELECT c.id, c.name, c.orgs,
              (SELECT count(*) FROM member m JOIN org o ON o.id = m.org_id
                WHERE o.path <@ (SELECT path FROM org WHERE id = c.id))::int AS members,
              (SELECT count(*) FROM org_life e JOIN org o ON o.id = e.org_id
                WHERE o.path <@ (SELECT path FROM org WHERE id = c.id))::int AS events
         FROM c ORDER BY abs(c.orgs - (SELECT count(*) FROM org) / 10), c.id LIMIT 1`,
    );
    const subtree = s[0];
    const sample = await memberSample(db.pool);
    console.log(
      `dataset: ${dataset.members} members, ${dataset.orgs} orgs, ${dataset.events} org-life events, ${dataset.attendance} attendance marks, ${dataset.warnings} live warnings, ${dataset.snapshots} index snapshots`,
    );
    console.log(
      `subtree: ${subtree.name} (org ${subtree.id}): ${subtree.orgs} orgs, ${subtree.members} members, ${subtree.events} events; tree: org ${dataset.root}, the leader's scope`,
    );

    const { rows: u } = await db.pool.query<{ id: number }>(`SELECT id FROM app_user WHERE username = 'leader'`);
    const caller = await findCaller(db.pool, await createSession(db.pool, u[0]?.id ?? 0, 1));
    if (!caller) throw new Error('no leader session');
    const members = [...sample.withTerminal, ...sample.without];
    const asOf = () => new Date();
    const page = { page: 1, pageSize: 50 };
    const orgCases = (scope: 'subtree' | 'tree', id: number, target: number): Case[] => [
      {
        name: 'org portrait',
        scope,
        target,
        inputs: 1,
        path: () => `/api/orgs/${id}/portrait`,
        call: (q, c) => orgPortrait(q, c, id, asOf()),
      },
      {
        name: 'analysis: org system',
        scope,
        target,
        inputs: 1,
        path: () => `/api/analysis/org-system?org=${id}`,
        call: (q, c) => orgSystem(q, c, id, asOf()),
      },
      {
        name: 'analysis: member team',
        scope,
        target,
        inputs: 1,
        path: () => `/api/analysis/member-team?org=${id}`,
        call: (q, c) => memberTeam(q, c, id, asOf()),
      },
      {
        name: 'drill: members aged 36–45, page 1 of 50',
        scope,
        target: null,
        inputs: 1,
        path: () => `/api/orgs/${id}/portrait/members?facet=age&key=36-45`,
        call: (q, c) => drillMembers(q, c, id, { asOf: asOf(), facet: 'age', key: '36-45', ...page }),
      },
      {
        name: 'drill: theme-day events, page 1 of 50',
        scope,
        target: null,
        inputs: 1,
        path: () => `/api/orgs/${id}/portrait/events?kind=theme_day`,
        call: (q, c) => drillEvents(q, c, id, { asOf: asOf(), kind: 'theme_day', ...page }),
      },
      {
        name: 'drill: branches, page 1 of 50',
        scope,
        target: null,
        inputs: 1,
        path: () => `/api/analysis/org-system/orgs?org=${id}&facet=kind&key=branch`,
        call: (q, c) => drillOrgs(q, c, id, { asOf: asOf(), facet: 'kind', key: 'branch', ...page }),
      },
      {
        name: 'drill: theme-day completion per org (unpaged)',
        scope,
        target: null,
        inputs: 1,
        path: () => `/api/orgs/${id}/portrait/life?kind=theme_day`,
        call: (q, c) => drillLifeOrgs(q, c, id, asOf(), 'theme_day'),
      },
    ];
    const memberCase = (name: string, ids: number[]): Case => ({
      name,
      scope: 'member',
      target: 50,
      inputs: ids.length,
      path: (i) => `/api/members/${ids[i % ids.length]}/portrait`,
      call: (q, c, i) => memberPortrait(q, c, ids[i % ids.length] as number, asOf()),
    });
    const cases: Case[] = [
      ...orgCases('subtree', subtree.id, 200),
      memberCase('member portrait, with a terminal and a track', sample.withTerminal),
      memberCase('member portrait, no terminal', sample.without),
      ...orgCases('tree', dataset.root, 2000),
    ].filter((c) => ONLY.has(c.scope) && (DRILLS || c.target !== null));

    const child = await startBenchChild(new URL('../../test/bench/server.ts', import.meta.url), {
      DATABASE_URL: databaseUrl,
      TILE_CACHE_MB: '0',
    });
    const baseUrl = `http://127.0.0.1:${child.port}`;
    const cookie = await logIn(baseUrl, 'leader');
    const names = sqlNames();
    const results = [];
    const breakdown: Record<string, { statement: string; p50: number }[]> = {};
    try {
      for (const c of cases) {
        // Drill-down lists have no target: a few runs show where they stand.
        const runs = c.target === null ? 3 : c.scope === 'tree' ? TREE_RUNS : RUNS * (c.scope === 'member' ? 2 : 1);
        const recorded: Statement[][] = [];
        for (let i = 0; i < c.inputs; i++) recorded.push(await record(db.pool, (q) => c.call(q, caller, i)));
        const perStatement = (recorded[0] ?? []).map(() => [] as number[]);
        const bare: number[] = [];
        const endpoint: number[] = [];
        let failed = '';
        for (let i = 0; i < WARMUP; i++) {
          await replay(db.pool, recorded[i % c.inputs] ?? []);
          await request(baseUrl, cookie, c.path(i)).catch((err: Error) => {
            failed = err.message;
          });
        }
        for (let i = 0; i < runs; i++) {
          const k = i % c.inputs;
          bare.push(await replay(db.pool, recorded[k] ?? [], perStatement));
        }
        for (let i = 0; i < runs && !failed; i++) {
          try {
            endpoint.push(await request(baseUrl, cookie, c.path(i)));
          } catch (err) {
            failed = (err as Error).message;
          }
        }
        const row = {
          name: c.name,
          scope: c.scope,
          runs,
          statements: recorded[0]?.length ?? 0,
          bare: { p50: percentile(bare, 50), p95: percentile(bare, 95) },
          endpoint: failed ? null : { p50: percentile(endpoint, 50), p95: percentile(endpoint, 95) },
          failed: failed || undefined,
          target: c.target,
        };
        results.push(row);
        breakdown[`${c.scope} · ${c.name}`] = (recorded[0] ?? []).map((st, k) => ({
          statement: names.get(st.text) ?? st.text.slice(0, 40),
          p50: percentile(perStatement[k] ?? [], 50),
        }));
        const f = (n: number) => n.toFixed(1);
        console.log(
          `  ${c.scope} · ${c.name}: bare p50 ${f(row.bare.p50)} ms, endpoint ${row.endpoint ? `p50 ${f(row.endpoint.p50)} ms` : `failed (${failed.slice(0, 120)})`}`,
        );
      }

      const throughput = ONLY.has('member') ? await memberThroughput(db.pool, baseUrl, cookie, caller, members) : null;

      const f = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(1));
      console.log(
        '\n| scope | request | runs | bare SQL p50 ms | p95 | endpoint p50 ms | p95 | ratio | target p50 | met |',
      );
      console.log('|---|---|---|---|---|---|---|---|---|---|');
      for (const r of results) {
        const ratio = r.endpoint ? (r.endpoint.p50 / r.bare.p50).toFixed(2) : '–';
        const met = r.target === null ? '' : r.endpoint && r.endpoint.p50 < r.target ? 'yes' : '**no**';
        const target = r.target === null ? '' : `< ${r.target}`;
        console.log(
          `| ${r.scope} | ${r.name} | ${r.runs} | ${f(r.bare.p50)} | ${f(r.bare.p95)} | ${r.endpoint ? `**${f(r.endpoint.p50)}**` : 'failed'} | ${f(r.endpoint?.p95)} | ${ratio} | ${target} | ${met} |`,
        );
      }
      for (const [name, rows] of Object.entries(breakdown)) {
        if (!name.includes('portrait')) continue;
        console.log(`\n${name}, bare SQL p50 per statement (ms):`);
        console.log(rows.map((r) => `${r.statement} ${f(r.p50)}`).join(' · '));
      }
      if (throughput) {
        console.log(
          `\nmember portraits, ${CONCURRENCY} concurrent, ${throughput.requests} requests: bare SQL ${f(throughput.barePerSecond)}/s; endpoint ${f(throughput.endpointPerSecond)}/s (p50 ${f(throughput.endpointP50)} ms; ratio ${(throughput.endpointPerSecond / throughput.barePerSecond).toFixed(2)})`,
        );
      }
      mkdirSync('bench/results', { recursive: true });
      writeFileSync(
        'bench/results/portraits.json',
        `${JSON.stringify({ at: new Date().toISOString(), dataset, subtree, sample, results, breakdown, throughput }, null, 2)}\n`,
      );
      console.log('written to bench/results/portraits.json');
    } finally {
      await child.stop();
    }
  } finally {
    await db.close();
  }
}
