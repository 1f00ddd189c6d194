import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { databases, openApp } from './harness.ts';

// The coverage API end to end on the demo data, on both engines: the analysis, scope, bad input,
// what-if, exports, plans and the job path.

type Body = Record<string, unknown>;

describe.each(databases)('coverage API ($engine)', (db) => {
  const { pool, call } = openApp(db);
  const post = (user: string, body: Body) =>
    call(user, '/api/coverage', { method: 'POST', body: JSON.stringify(body) });
  const runs = async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM coverage_run')).rows[0]!.n;

  it('analyses the demo prefecture: sites, border km with gaps, grid, three recommendations and the exact optimum', async () => {
    const { status, body } = await post('leader', {});
    expect(status).toBe(200);
    const r = body.result;
    // DESIGN §9's shape at the top level.
    expect(body.sites).toMatchObject({ total: r.sites.total, covered: r.sites.covered });
    expect(body.sites.uncovered).toHaveLength(r.sites.total - r.sites.covered);
    expect(body.border).toMatchObject({ totalKm: r.border.totalKm, coveredKm: r.border.coveredKm });
    expect(body.border.gaps[0]).toMatchObject({ fromKm: expect.any(Number), toKm: expect.any(Number) });
    expect(body.recommendations[0]).toMatchObject({
      lon: expect.any(Number),
      lat: expect.any(Number),
      gainSites: expect.any(Number),
      gainBorderKm: expect.any(Number),
    });
    expect(r.sites.total).toBeGreaterThan(100);
    expect(r.sites.covered).toBeLessThanOrEqual(r.sites.total);
    expect(r.sites.share).toBeCloseTo(r.sites.covered / r.sites.total, 3);
    expect(r.border.totalKm).toBeGreaterThan(100);
    expect(r.border.coveredKm).toBeLessThan(r.border.totalKm);
    // Gaps are the uncovered segments merged: they add up to the uncovered km.
    const gapKm = r.border.gaps.reduce((s: number, g: { km: number }) => s + g.km, 0);
    expect(gapKm).toBeCloseTo(r.border.totalKm - r.border.coveredKm, 1);
    for (const g of r.border.gaps) expect(g.toKm).toBeGreaterThan(g.fromKm);
    expect(r.grid.cells).toBeGreaterThan(100);
    expect(r.recommendations.picks).toHaveLength(3);
    let before = Number.POSITIVE_INFINITY;
    for (const p of r.recommendations.picks) {
      expect(p.gain).toBeLessThanOrEqual(before + 1e-9);
      before = p.gain;
    }
    expect(r.recommendations.exact.status).toBe('Optimal');
    expect(r.recommendations.exact.objective).toBeGreaterThanOrEqual(r.recommendations.greedy - 1e-6);
    expect(r.recommendations.exact.gap).toBeGreaterThanOrEqual(0);
    // Fetchable by id.
    const again = await call('leader', `/api/coverage/${body.id}`);
    expect(again.body).toMatchObject({ id: body.id, state: 'done', result: { sites: { total: r.sites.total } } });
  });

  it("keeps a secretary's analysis to their subtree and its county", async () => {
    const { status, body } = await post('secretary', {});
    expect(status).toBe(200);
    expect(body.result.org.counties).toEqual(['532624']);
    for (const s of body.result.sites.items) expect(s.countyCode).toBe('532624');
    for (const s of body.result.border.segments) expect(s.countyCode).toBe('532624');
    const leader = await post('leader', { siteKinds: ['border_post'] });
    expect(leader.body.result.sites.total).toBeGreaterThan(0);
    const root = leader.body.result.org.id;
    const out = await post('secretary', { org: root });
    expect(out.status).toBe(400);
    expect(out.body.error.code).toBe('org_out_of_scope');
    expect((await call('secretary', `/api/coverage/${leader.body.id}`)).status).toBe(404);
    expect((await call('member', '/api/coverage/1')).status).toBe(403);
  });

  it.each([
    [{ siteRadiusKm: -1 }],
    [{ siteRadiusKm: 500 }],
    [{ borderRadiusKm: 0 }],
    [{ siteRadiusKm: { tobacco_station: 5, moon_base: 3 } }],
    [{ k: 101 }],
    [{ k: 2.5 }],
    [{ zoneKinds: ['parking'] }],
    [{ siteKinds: [] }],
    [{ date: '2026-13-40' }],
    [{ county: '999999' }],
    [{ hypothetical: { orgs: [[0, 0]] } }],
    [{ unknown: true }],
  ])('refuses %j with a 400 and stores nothing', async (body) => {
    const before = await runs();
    const res = await post('leader', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(await runs()).toBe(before);
  });

  it('answers what-if: a hypothetical organisation on an uncovered site covers it, a joint point on a gap covers it', async () => {
    const base = (await post('leader', { k: 0 })).body.result;
    const site = base.sites.items.find((s: { covered: boolean }) => !s.covered);
    const gap = base.border.segments.find((s: { covered: boolean }) => !s.covered);
    expect(site && gap).toBeTruthy();
    const [lon, lat] = gap.geometry.coordinates[0];
    const t0 = performance.now();
    const what = (
      await post('leader', { k: 0, hypothetical: { orgs: [[site.lon, site.lat]], jointPoints: [[lon, lat]] } })
    ).body.result;
    const ms = performance.now() - t0;
    expect(what.sites.items.find((s: { id: number }) => s.id === site.id)).toMatchObject({
      covered: true,
      hypotheticalM: 0,
    });
    expect(what.border.segments.find((s: { seq: number }) => s.seq === gap.seq).covered).toBe(true);
    expect(what.sites.covered).toBeGreaterThan(base.sites.covered);
    expect(what.border.coveredKm).toBeGreaterThan(base.border.coveredKm);
    // Nothing was stored as an organisation or a joint point.
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM org WHERE ST_DWithin(geom::geography, ST_MakePoint($1, $2)::geography, 1)',
      [site.lon, site.lat],
    );
    expect(rows[0]!.n).toBe(0);
    console.log(`what-if on ${db.engine}: ${ms.toFixed(0)} ms, timings ${JSON.stringify(what.timings)}`);
  });

  it('exports GeoJSON; saves plans and compares two dates', async () => {
    const now = (await post('leader', { k: 1 })).body;
    const geo = await call('leader', `/api/coverage/${now.id}/export.geojson`);
    expect(geo.status).toBe(200);
    expect(geo.body.type).toBe('FeatureCollection');
    const layers = new Set(geo.body.features.map((f: { properties: { layer: string } }) => f.properties.layer));
    expect([...layers].sort()).toEqual(['border', 'cell', 'recommendation', 'site']);
    for (const f of geo.body.features) expect(['Point', 'LineString', 'Polygon']).toContain(f.geometry.type);

    const earlier = (await post('leader', { k: 1, date: '2024-01-01' })).body;
    const a = await call('leader', '/api/coverage/plans', {
      method: 'POST',
      body: JSON.stringify({ name: `2024年初（测试${db.engine}）`, runId: earlier.id }),
    });
    expect(a.status).toBe(201);
    const dup = await call('leader', '/api/coverage/plans', {
      method: 'POST',
      body: JSON.stringify({ name: `2024年初（测试${db.engine}）`, runId: earlier.id }),
    });
    expect(dup.status).toBe(400);
    const list = await call('leader', '/api/coverage/plans');
    expect(list.body.items.some((p: { runId: number }) => p.runId === earlier.id)).toBe(true);
    const cmp = await call('leader', `/api/coverage/compare?a=${earlier.id}&b=${now.id}`);
    expect(cmp.status).toBe(200);
    expect(cmp.body.change.borderShare).toBeCloseTo(cmp.body.b.border.share - cmp.body.a.border.share, 4);
    expect(cmp.body.a.date).toBe('2024-01-01');
  });

  it('downloads the workbook and the CSV with Chinese headers', async () => {
    const { app, login } = openApp(db);
    const id = (await post('leader', { k: 1 })).body.id;
    const cookie = await login('leader');
    const x = await app.request(`/api/coverage/${id}/export.xlsx`, { headers: { cookie } });
    expect(x.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await x.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['概况', '未覆盖站点', '边境空白段', '建议新增点位']);
    expect(book.getWorksheet('未覆盖站点')?.getRow(1).getCell(2).value).toBe('站点名称');
    const c = await app.request(`/api/coverage/${id}/export.csv`, { headers: { cookie } });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await c.arrayBuffer());
    expect(text.startsWith('\uFEFF站点编号,站点名称')).toBe(true);
  });

  it('runs a large scope as a job with progress, fetched by id when done', async () => {
    const jobApp = createApp({
      pool,
      engine: db.engine,
      capabilities: db.capabilities,
      sessionHours: 1,
      secureCookies: false,
      coverageSyncSites: 0,
    });
    const { login } = openApp(db);
    const cookie = await login('leader');
    const res = await jobApp.request('/api/coverage', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ k: 2 }),
    });
    expect(res.status).toBe(202);
    const { id, state } = (await res.json()) as { id: number; state: string };
    expect(state).toBe('running');
    let run: Body = {};
    for (let i = 0; i < 200 && run.state !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (await (await jobApp.request(`/api/coverage/${id}`, { headers: { cookie } })).json()) as Body;
      expect(run.progress).toBeGreaterThanOrEqual(0);
    }
    expect(run).toMatchObject({ state: 'done', progress: 1, step: 'done' });
    expect((run.result as Body).recommendations).toMatchObject({ k: 2 });
  });
});
