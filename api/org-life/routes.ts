import { Hono } from 'hono';
import { validator } from 'hono/validator';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { scopedQuery, seesPhone } from '../auth/scope.ts';
import { withTransaction } from '../db/database.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { notFound, unprocessable } from '../http/errors.ts';
import { idParam, parse } from '../http/validate.ts';
import { ORG_LIFE_KINDS } from '../portraits/query.ts';

const INSERT = loadSql(import.meta.url, 'insert.sql');
const GET = loadSql(import.meta.url, 'get.sql');
const MARK = loadSql(import.meta.url, 'mark.sql');

const HOUR = 3600_000;

/** A new 三会一课 / 主题党日 event; the place (with its radius) turns on BeiDou attendance. */
const eventBody = z
  .object({
    orgId: idParam,
    kind: z.enum(ORG_LIFE_KINDS),
    title: z.string().trim().min(1).max(200),
    startsAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    endsAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)),
    placeName: z.string().trim().max(200).optional(),
    place: z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }).optional(),
    radiusM: z.number().min(20).max(5000).default(200),
  })
  .strict();

const marksBody = z
  .object({
    records: z
      .array(z.object({ memberId: idParam, status: z.enum(['present', 'absent', 'leave']) }).strict())
      .min(1)
      .max(1000)
      .refine((list) => new Set(list.map((r) => r.memberId)).size === list.length, 'each member once'),
  })
  .strict();

/** Org life: a secretary records an event and marks attendance; BeiDou fills in the rest. */
export function orgLifeRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireRole('admin', 'leader', 'secretary'))
    .get('/:id', async (c) => {
      const id = parse(idParam, c.req.param('id'), 'event id');
      const caller = c.get('caller');
      const { rows } = await scopedQuery(pool, caller, GET, [id, seesPhone(caller)]);
      if (!rows[0]) throw notFound('event');
      return c.json(rows[0]);
    })
    .post(
      '/',
      requireRole('admin', 'secretary'),
      validator('json', (b) => parse(eventBody, b, 'event')),
      async (c) => {
        const e = c.req.valid('json');
        if (e.endsAt <= e.startsAt) throw unprocessable('invalid_window', 'the event must end after it starts');
        if (e.endsAt.getTime() - e.startsAt.getTime() > 24 * HOUR) {
          throw unprocessable('invalid_window', 'an event lasts at most 24 hours');
        }
        const caller = c.get('caller');
        const { rows } = await scopedQuery<{ id: number }>(pool, caller, INSERT, [
          e.orgId,
          e.kind,
          e.title,
          e.startsAt,
          e.endsAt,
          e.placeName ?? null,
          e.place?.lon ?? null,
          e.place?.lat ?? null,
          e.radiusM,
          caller.userId,
        ]);
        const id = rows[0]?.id;
        if (!id) throw notFound('org');
        await pool.query(
          `INSERT INTO audit_log (user_id, action, subject_kind, subject_id, detail) VALUES ($1, 'create', 'org_life', $2, $3)`,
          [caller.userId, id, { orgId: e.orgId, kind: e.kind }],
        );
        const event = await scopedQuery(pool, caller, GET, [id, seesPhone(caller)]);
        return c.json(event.rows[0], 201);
      },
    )
    .put(
      '/:id/attendance',
      requireRole('admin', 'secretary'),
      validator('json', (b) => parse(marksBody, b, 'attendance')),
      async (c) => {
        const id = parse(idParam, c.req.param('id'), 'event id');
        const caller = c.get('caller');
        const { records } = c.req.valid('json');
        const event = await scopedQuery(pool, caller, GET, [id, false]);
        if (!event.rows[0]) throw notFound('event');
        // All or nothing: a list naming someone outside the organisation changes nothing.
        await withTransaction(pool, async (tx) => {
          const { rows } = await scopedQuery<{ member_id: number }>(tx, caller, MARK, [
            id,
            records.map((r) => r.memberId),
            records.map((r) => r.status),
            caller.userId,
          ]);
          if (rows.length !== new Set(records.map((r) => r.memberId)).size) {
            throw unprocessable('not_in_org', "only Party members of the event's organisation can be marked");
          }
          await tx.query(
            `INSERT INTO audit_log (user_id, action, subject_kind, subject_id, detail) VALUES ($1, 'mark', 'org_life', $2, $3)`,
            [caller.userId, id, { records: records.length }],
          );
        });
        const updated = await scopedQuery(pool, caller, GET, [id, seesPhone(caller)]);
        return c.json(updated.rows[0]);
      },
    );
}
