import { Hono } from 'hono';
import { z } from 'zod';
import { readers, requireRole } from '../auth/middleware.ts';
import { type Caller, scopedQuery, seesPhone } from '../auth/scope.ts';
import { withTransaction } from '../db/database.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { ApiError, badRequest, notFound } from '../http/errors.ts';
import { idParam, pageQuery, parse } from '../http/validate.ts';
import { RULES, recomputeWarnings } from './engine.ts';

const LIST = loadSql(import.meta.url, 'list.sql');
const SUMMARY = loadSql(import.meta.url, 'summary.sql');
const ORG_IN_SCOPE = loadSql(import.meta.url, 'org-in-scope.sql');
const LOCK = loadSql(import.meta.url, 'lock.sql');
const ACKNOWLEDGE = `UPDATE warning SET state = 'acknowledged', acknowledged_by = $2, acknowledged_at = now(),
       updated_at = now() WHERE id = $1`;
const CLOSE = `UPDATE warning SET state = 'closed', closed_by = $2, closed_at = now(), updated_at = now() WHERE id = $1`;
const EVENT = 'INSERT INTO warning_event (warning_id, kind) VALUES ($1, $2)';
const AUDIT = 'INSERT INTO audit_log (user_id, action, subject_kind, subject_id, detail) VALUES ($1, $2, $3, $4, $5)';

const SEVERITIES = ['info', 'warning', 'critical'] as const;
/** `live` is open and acknowledged (the default); `all` includes closed history. */
const STATES = { live: ['open', 'acknowledged'], all: ['open', 'acknowledged', 'closed'] } as const;

/** One warning as `GET /api/warnings` lists it (`list.sql`). */
export interface WarningItem {
  id: number;
  rule: (typeof RULES)[number];
  /** What within the rule, e.g. the kind of org life for `life_frequency`; '' for most rules. */
  topic: string;
  subject: { kind: 'org' | 'member' | 'device' | 'zone' | 'site' | 'border'; id: number; name: string | null };
  orgId: number;
  orgName: string;
  /** The rule's figures (e.g. `{ rate, events, present, recorded, fromDate }`). */
  figure: Record<string, unknown>;
  severity: (typeof SEVERITIES)[number];
  due: string | null;
  state: 'open' | 'acknowledged' | 'closed';
  createdAt: string;
  updatedAt: string;
  acknowledged: { by: string; at: string } | null;
  /** `by` is null when the warning closed itself (its rule no longer holds). */
  closed: { by: string | null; at: string } | null;
}

/** Counts for badges and the warnings panel (`summary.sql`). */
export interface WarningSummary {
  total: number;
  bySeverity: Record<(typeof SEVERITIES)[number], number>;
  byRule: { rule: string; total: number; info: number; warning: number; critical: number }[];
  /** Each organisation's own live warnings. */
  byOrg: { orgId: number; open: number; critical: number }[];
}

const listQuery = pageQuery.extend({
  org: idParam.optional(),
  rule: z.enum(RULES).optional(),
  state: z.enum(['live', 'all', 'open', 'acknowledged', 'closed']).default('live'),
  severity: z.enum(SEVERITIES).optional(),
});
const summaryQuery = z.object({ org: idParam.optional() });
const closeBody = z.object({ note: z.string().trim().min(1).max(500).optional() }).strict();

/**
 * `/api/warnings`: the warnings of the caller's scope (DESIGN §5), their counts, and acknowledging,
 * closing and recomputing them. A warning closed by hand whose rule still holds is opened again, as
 * a new warning, by the next recompute: closing records a decision, it does not silence the rule.
 */
export function warningRoutes({ pool, warningWebhook }: AppDeps) {
  const outbox = warningWebhook !== undefined;

  async function checkOrg(caller: Caller, org: number | undefined): Promise<void> {
    if (org === undefined) return;
    const { rows } = await scopedQuery(pool, caller, ORG_IN_SCOPE, [org]);
    if (!rows[0]) throw notFound('org');
  }

  async function list(caller: Caller, q: z.infer<typeof listQuery>, id: number | null = null) {
    const states = q.state === 'live' || q.state === 'all' ? STATES[q.state] : [q.state];
    const { rows } = await scopedQuery<WarningItem & { total: number }>(pool, caller, LIST, [
      q.org ?? null,
      q.rule ?? null,
      states,
      q.severity ?? null,
      q.pageSize,
      (q.page - 1) * q.pageSize,
      id,
      seesPhone(caller),
    ]);
    return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _t, ...w }) => w as WarningItem) };
  }

  async function one(caller: Caller, id: number): Promise<WarningItem> {
    const { items } = await list(caller, { page: 1, pageSize: 1, state: 'all' }, id);
    if (!items[0]) throw notFound('warning');
    return items[0];
  }

  /** Changes one warning in a transaction: scoped and locked first, 404 outside scope, 409 when closed. */
  async function change(caller: Caller, id: number, kind: 'acknowledged' | 'closed', note?: string): Promise<void> {
    await withTransaction(pool, async (tx) => {
      const { rows } = await scopedQuery<{ id: number; rule: string; state: string }>(tx, caller, LOCK, [id]);
      const warning = rows[0];
      if (!warning) throw notFound('warning');
      if (warning.state === 'closed') throw new ApiError(409, 'warning_closed', `warning ${id} is closed`);
      // Acknowledging twice keeps the first acknowledgement.
      if (kind === 'acknowledged' && warning.state === 'acknowledged') return;
      await tx.query(kind === 'acknowledged' ? ACKNOWLEDGE : CLOSE, [id, caller.userId]);
      const detail = { rule: warning.rule, ...(note ? { note } : {}) };
      const action = kind === 'acknowledged' ? 'warning.acknowledge' : 'warning.close';
      await tx.query(AUDIT, [caller.userId, action, 'warning', id, detail]);
      if (outbox) await tx.query(EVENT, [id, kind]);
    });
  }

  return (
    new Hono<AppEnv>()
      .use(readers)
      .get('/', async (c) => {
        const q = parse(listQuery, c.req.query(), 'warning query');
        const caller = c.get('caller');
        await checkOrg(caller, q.org);
        const { total, items } = await list(caller, q);
        return c.json({ page: q.page, pageSize: q.pageSize, total, items });
      })
      .get('/summary', async (c) => {
        const q = parse(summaryQuery, c.req.query(), 'warning summary query');
        const caller = c.get('caller');
        await checkOrg(caller, q.org);
        const { rows } = await scopedQuery<WarningSummary>(pool, caller, SUMMARY, [q.org ?? null]);
        return c.json(rows[0] as WarningSummary);
      })
      // On demand: the whole database, as the scheduler does it (the counts are not scoped).
      .post('/recompute', requireRole('admin', 'leader'), async (c) => {
        return c.json(await recomputeWarnings(pool, { outbox }));
      })
      .post('/:id/acknowledge', requireRole('admin', 'leader', 'secretary'), async (c) => {
        const id = parse(idParam, c.req.param('id'), 'warning id');
        const caller = c.get('caller');
        await change(caller, id, 'acknowledged');
        return c.json(await one(caller, id));
      })
      .post('/:id/close', requireRole('admin', 'secretary'), async (c) => {
        const id = parse(idParam, c.req.param('id'), 'warning id');
        const text = await c.req.text();
        let raw: unknown = {};
        if (text.trim() !== '') {
          try {
            raw = JSON.parse(text);
          } catch {
            throw badRequest('body must be JSON: { "note"?: string }');
          }
        }
        const body = parse(closeBody, raw, 'close request');
        const caller = c.get('caller');
        await change(caller, id, 'closed', body.note);
        return c.json(await one(caller, id));
      })
  );
}
