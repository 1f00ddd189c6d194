// Every headline number against the list behind it, per role (issue 16, item 3): the big screen's
// figures (`/api/stats`), the organisation tree's counts, the drawer's member and zone counts, the
// big-screen panels (the org portrait) and the one definition of "online". Where a role may know an
// aggregate but not the rows (a member: their branch's Party members, a zone's assigned members),
// the number is compared with the same list as an administrator reads it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONLINE_WINDOW_MINUTES } from '../../api/devices/online.ts';
import { databases, openApp, type TestApp } from './harness.ts';

const ROLES = ['admin', 'leader', 'secretary', 'member'] as const;
type Role = (typeof ROLES)[number];
const PARTY = new Set(['full', 'probationary']);

interface TreeNode {
  id: number;
  parentId: number | null;
  kind: string;
  countyCode: string | null;
  memberCount: number;
  children: TreeNode[];
}
interface Feature {
  id: number;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}

function* walk(node: TreeNode): Generator<TreeNode> {
  yield node;
  for (const child of node.children) yield* walk(child);
}

/** Reads server-sent events until the first `snapshot` event, then lets the stream go. */
async function liveSnapshot(app: TestApp, cookie: string): Promise<{ deviceId: number }[]> {
  const res = await app.app.request('/api/positions/live?interval=250', { headers: { cookie } });
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + 10_000;
  try {
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      const block = /event: snapshot\ndata: (.*)\n\n/.exec(buffer);
      if (block?.[1]) return JSON.parse(block[1]);
    }
  } finally {
    await reader.cancel();
  }
  throw new Error('no snapshot event');
}

/** Every coordinate pair of a GeoJSON geometry. */
function positions(geometry: { coordinates: unknown }): [number, number][] {
  const out: [number, number][] = [];
  const visit = (c: unknown) => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') out.push([c[0], c[1] as number]);
    else for (const child of c) visit(child);
  };
  visit(geometry.coordinates);
  return out;
}

describe.each(databases)('headline numbers equal their lists, per role, on $engine', (db) => {
  const app = openApp(db);
  const { pool, call } = app;
  /** Terminals made here: fresh fixes in and outside the secretary's branch, and one 45 minutes old. */
  const made = {
    self: { member: 0, device: 0, token: 'test-headline-self-terminal-0001', minutesAgo: 1 },
    branch: { member: 0, device: 0, token: 'test-headline-branch-terminal-01', minutesAgo: 2 },
    stale: { member: 0, device: 0, token: 'test-headline-stale-terminal-001', minutesAgo: 45 },
    outside: { member: 0, device: 0, token: 'test-headline-outside-terminal-1', minutesAgo: 3 },
  };
  let branchOrg = 0;
  let selfMember = 0;

  beforeAll(async () => {
    const sec = await pool.query<{ org_id: number; path: string }>(
      `SELECT u.org_id, o.path::text FROM app_user u JOIN org o ON o.id = u.org_id WHERE u.username = 'secretary'`,
    );
    branchOrg = Number(sec.rows[0]?.org_id);
    const path = sec.rows[0]?.path;
    selfMember = Number(
      (await pool.query(`SELECT member_id FROM app_user WHERE username = 'member'`)).rows[0]?.member_id,
    );
    const inside = await pool.query<{ id: number }>(
      `SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE o.path <@ $1::ltree AND m.id <> $2 ORDER BY m.id LIMIT 2`,
      [path, selfMember],
    );
    const outside = await pool.query<{ id: number }>(
      `SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE NOT o.path <@ $1::ltree ORDER BY m.id LIMIT 1`,
      [path],
    );
    made.self.member = selfMember;
    made.branch.member = Number(inside.rows[0]?.id);
    made.stale.member = Number(inside.rows[1]?.id);
    made.outside.member = Number(outside.rows[0]?.id);
    for (const t of Object.values(made)) {
      const d = await pool.query<{ id: number }>(
        `INSERT INTO device (terminal_id, member_id, protocol, token_hash) VALUES ($1, $2, 'http', $3) RETURNING id`,
        [`TEST-HEAD-${t.member}`, t.member, createHash('sha256').update(t.token).digest()],
      );
      t.device = Number(d.rows[0]?.id);
      // Through the real ingest path; away from the zones, so no geofence or attendance fires.
      const res = await app.app.request('/api/ingest/positions', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          fixes: [{ time: new Date(Date.now() - t.minutesAgo * 60_000).toISOString(), lon: 104.2, lat: 23.9 }],
        }),
      });
      expect(res.status).toBe(200);
    }
  });

  afterAll(async () => {
    const devices = Object.values(made).map((t) => t.device);
    await pool.query('DELETE FROM position WHERE device_id = ANY($1)', [devices]);
    await pool.query('DELETE FROM zone_event WHERE device_id = ANY($1)', [devices]);
    await pool.query('DELETE FROM device WHERE id = ANY($1)', [devices]);
  });

  /** Everything one role reads, fetched once per role. */
  const seen = new Map<Role, Awaited<ReturnType<typeof read>>>();
  async function read(role: Role) {
    const ok = async (path: string) => {
      const res = await call(role, path);
      expect(res.status, `${role} ${path}`).toBe(200);
      return res.body;
    };
    const stats = await ok('/api/stats');
    const scope = await ok('/api/stats/scope');
    const tree = (await ok('/api/orgs/tree')) as TreeNode;
    const nodes = [...walk(tree)];
    const features = async (path: string) => ((await ok(path)) as { features: Feature[] }).features;
    return {
      stats,
      scope,
      tree,
      nodes,
      orgs: await features('/api/orgs?limit=50000'),
      zones: await features('/api/zones?limit=50000'),
      jointPoints: await features('/api/joint-points?limit=50000'),
      sites: await features('/api/sites?limit=50000'),
      border: await features('/api/border?limit=50000'),
      counties: (await features('/api/admin-areas?limit=50000')).filter((f) => f.properties.level === 'county'),
      live: await liveSnapshot(app, await app.login(role)),
    };
  }
  const as = async (role: Role) => {
    let r = seen.get(role);
    if (!r) {
      r = await read(role);
      seen.set(role, r);
    }
    return r;
  };
  /** All rows of an organisation's member list (pages of 500). */
  async function roll(role: Role, orgId: number) {
    const items: { id: number; status: string }[] = [];
    let total = 0;
    for (let page = 1; ; page += 1) {
      const res = await call(role, `/api/orgs/${orgId}/members?page=${page}&pageSize=500`);
      expect(res.status).toBe(200);
      total = res.body.total;
      items.push(...res.body.items);
      if (items.length >= total || res.body.items.length === 0) break;
    }
    return { total, items };
  }

  it('defines "online" once: the SQL window is the web copy, and the stats say it', async () => {
    const { rows } = await pool.query('SELECT extract(epoch FROM terminal_online_window())::int / 60 AS minutes');
    expect(rows[0].minutes).toBe(ONLINE_WINDOW_MINUTES);
    expect((await as('admin')).stats.onlineWindowMinutes).toBe(ONLINE_WINDOW_MINUTES);
  });

  it.each(ROLES)('%s: the stats name their scope, the same as /api/stats/scope', async (role) => {
    const { stats, scope } = await as(role);
    const { bbox: _bbox, ...about } = scope;
    expect(stats.scope).toEqual(about);
    const expected = {
      admin: ['prefecture', false],
      leader: ['prefecture', false],
      secretary: ['branch', false],
      member: ['branch', true],
    }[role];
    expect([scope.kind, scope.self]).toEqual(expected);
    expect(stats.scopes.members).toBe(scope.kind);
    expect(stats.scopes.onlineTerminals).toBe(role === 'member' ? 'self' : scope.kind);
    expect(stats.scopes.sites).toBe(scope.kind === 'prefecture' ? 'prefecture' : 'counties');
  });

  it.each(ROLES)('%s: organisations and Party members equal the tree the role reads', async (role) => {
    const { stats, nodes, orgs } = await as(role);
    expect(stats.orgs.total).toBe(nodes.length);
    expect(orgs).toHaveLength(nodes.length);
    const byKind: Record<string, number> = {};
    for (const n of nodes) byKind[n.kind] = (byKind[n.kind] ?? 0) + 1;
    expect(stats.orgs.byKind).toEqual(byKind);
    expect(stats.members).toBe(nodes.reduce((s, n) => s + n.memberCount, 0));
  });

  it.each(ROLES)("%s: Party members equal the root's roll, or the tally a member may know", async (role) => {
    const { stats, tree } = await as(role);
    const list = await roll(role, tree.id);
    const detail = (await call(role, `/api/orgs/${tree.id}`)).body;
    if (role === 'member') {
      // Masked: the roll lists only the member; the count is their organisation's, as the
      // administrator's list has it (direct Party members, like the tree).
      expect(list.items.map((m) => m.id)).toEqual([selfMember]);
      const full = await roll('admin', tree.id);
      const direct = (await call('admin', `/api/orgs/${tree.id}/members?pageSize=500`)).body.items.filter(
        (m: { orgId: number; status: string }) => m.orgId === tree.id && PARTY.has(m.status),
      );
      expect(stats.members).toBe(direct.length);
      expect(detail.subtreeRollCount).toBe(full.total);
      expect(stats.members).toBeGreaterThan(1);
    } else {
      expect(list.total).toBe(list.items.length);
      expect(list.items.filter((m) => PARTY.has(m.status))).toHaveLength(stats.members);
      expect(detail.subtreeMemberCount).toBe(stats.members);
      expect(detail.subtreeRollCount).toBe(list.total);
    }
  });

  it.each(ROLES)("%s: every organisation's drawer counts agree with the tree and its roll", async (role) => {
    const { nodes } = await as(role);
    const admin = await as('admin');
    const adminNode = (id: number) => admin.nodes.find((n) => n.id === id) as TreeNode;
    for (const node of nodes) {
      const detail = (await call(role, `/api/orgs/${node.id}`)).body;
      expect(detail.memberCount, `org ${node.id}`).toBe(node.memberCount);
      // The subtree as the administrator's tree has it (a member's tree stops at their organisation).
      const subtree = [...walk(adminNode(node.id))].reduce((s, n) => s + n.memberCount, 0);
      expect(detail.subtreeMemberCount, `org ${node.id}`).toBe(subtree);
      expect(node.memberCount).toBe(adminNode(node.id).memberCount);
    }
    // The secretary's branch, row by row: its direct Party members are its count in the tree.
    const branch = nodes.find((n) => n.id === branchOrg) as TreeNode;
    const rows = (await roll('admin', branchOrg)).items as { id: number; status: string; orgId?: number }[];
    expect(rows.filter((m) => PARTY.has(m.status))).toHaveLength(branch.memberCount);
  });

  it.each(ROLES)("%s: zones, and each zone's assigned count against its list", async (role) => {
    const { stats, zones } = await as(role);
    expect(stats.zones).toBe(zones.length);
    for (const f of zones) {
      const zone = (await call(role, `/api/zones/${f.id}`)).body;
      expect(zone.memberCount, `zone ${f.id}`).toBe(f.properties.memberCount);
      const everyone = (await call('admin', `/api/zones/${f.id}`)).body.members as { id: number }[];
      expect(zone.memberCount).toBe(everyone.length);
      if (role === 'member') {
        // Only their own row, when assigned; the count is still everyone's.
        const mine = everyone.filter((m) => m.id === selfMember).map((m) => m.id);
        expect(zone.members.map((m: { id: number }) => m.id)).toEqual(mine);
      } else {
        expect(zone.members).toHaveLength(zone.memberCount);
      }
    }
    if (role === 'member') {
      // The case of the issue: a zone of the branch with members, none of them this member, still
      // says how many it has (it read "尚未分配党员").
      const counts = await Promise.all(zones.map(async (f) => (await call(role, `/api/zones/${f.id}`)).body));
      expect(counts.some((z) => z.memberCount > 0 && z.members.length === 0)).toBe(true);
    }
  });

  it.each(ROLES)('%s: joint points, sites, border and counties equal their lists over the scope', async (role) => {
    const { stats, scope, jointPoints, sites, border, counties, nodes } = await as(role);
    expect(stats.jointPoints).toBe(jointPoints.length);
    const codes = new Set((scope.counties as { code: string }[]).map((c) => c.code));
    if (scope.kind === 'prefecture') {
      expect(codes).toEqual(new Set(counties.map((f) => f.properties.code)));
    } else {
      expect(codes).toEqual(new Set(nodes.map((n) => n.countyCode).filter((c) => c !== null)));
    }
    expect(stats.counties).toBe(codes.size);
    expect(stats.sites).toBe(sites.filter((f) => codes.has(f.properties.countyCode as string)).length);
    const km = border
      .filter((f) => codes.has(f.properties.countyCode as string))
      .reduce((s, f) => s + (f.properties.toKm as number) - (f.properties.fromKm as number), 0);
    expect(stats.borderKm).toBeCloseTo(km, 1);
    if (role === 'secretary' || role === 'member') {
      // A border branch in one county: not the prefecture's sites and border.
      const admin = (await as('admin')).stats;
      expect(stats.counties).toBe(1);
      expect(stats.sites).toBeLessThan(admin.sites);
      expect(stats.borderKm).toBeLessThan(admin.borderKm);
    }
  });

  it.each(ROLES)('%s: online terminals are the live snapshot and the terminal list', async (role) => {
    const { stats, live } = await as(role);
    expect(stats.onlineTerminals).toBe(live.length);
    const ids = new Set(live.map((p) => p.deviceId));
    const visible = {
      admin: ['self', 'branch', 'outside'],
      leader: ['self', 'branch', 'outside'],
      secretary: ['self', 'branch'],
      member: ['self'],
    }[role];
    for (const [name, t] of Object.entries(made)) {
      // The stale terminal (45 min) is offline for everyone: it would have been "online" within 24 h.
      expect(ids.has(t.device), `${role} sees ${name} live`).toBe(visible.includes(name));
    }
    if (role === 'member') {
      const portrait = (await call(role, `/api/members/${selfMember}/portrait`)).body;
      expect(stats.terminals).toBe(portrait.devices.length);
      expect(stats.onlineTerminals).toBe(portrait.devices.filter((d: { online: boolean }) => d.online).length);
      expect((await call(role, `/api/members/${selfMember}`)).body.lastFix.online).toBe(true);
    } else {
      const list = (await call(role, '/api/devices?limit=5000')).body.devices as {
        id: number;
        memberId: number | null;
        online: boolean;
      }[];
      const bound = list.filter((d) => d.memberId !== null);
      expect(stats.terminals).toBe(bound.length);
      expect(stats.onlineTerminals).toBe(bound.filter((d) => d.online).length);
      expect(list.find((d) => d.id === made.stale.device)?.online ?? false).toBe(false);
    }
  });

  it.each(['admin', 'leader', 'secretary'] as const)(
    "%s: the big screen's panels (the portrait of their organisation) equal the headline figures",
    async (role) => {
      const { stats, scope } = await as(role);
      const portrait = (await call(role, `/api/orgs/${scope.orgId}/portrait`)).body;
      expect(portrait.structure.party).toBe(stats.members);
      expect(portrait.devices.total).toBe(stats.terminals);
      expect(portrait.devices.online).toBe(stats.onlineTerminals);
    },
  );

  it.each(['secretary', 'member'] as const)(
    '%s: the map opens on the branch: seat and zones, not the prefecture',
    async (role) => {
      const { scope, zones, orgs } = await as(role);
      const [minX, minY, maxX, maxY] = scope.bbox as [number, number, number, number];
      const inside = ([x, y]: [number, number]) =>
        x >= minX - 1e-9 && x <= maxX + 1e-9 && y >= minY - 1e-9 && y <= maxY + 1e-9;
      const seat = orgs.find((f) => f.id === branchOrg) as Feature;
      for (const p of [...positions(seat.geometry), ...zones.flatMap((z) => positions(z.geometry))]) {
        expect(inside(p)).toBe(true);
      }
      // Tight: the extent's corners are the seat's and zones' own extremes.
      const all = [...positions(seat.geometry), ...zones.flatMap((z) => positions(z.geometry))];
      expect(minX).toBeCloseTo(Math.min(...all.map((p) => p[0])), 5);
      expect(maxY).toBeCloseTo(Math.max(...all.map((p) => p[1])), 5);
      const prefecture = (await as('admin')).scope.bbox as number[];
      const area = (b: number[]) => ((b[2] as number) - (b[0] as number)) * ((b[3] as number) - (b[1] as number));
      expect(area(scope.bbox)).toBeLessThan(area(prefecture) / 10);
    },
  );

  it('answers 401 with an error body without a session', async () => {
    for (const path of ['/api/stats', '/api/stats/scope']) {
      const res = await call(null, path);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
  });
});
