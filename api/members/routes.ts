import { Hono } from 'hono';
import { readers } from '../auth/middleware.ts';
import { scopedQuery, seesIdNumber, seesPhone } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { notFound } from '../http/errors.ts';
import { idParam, parse } from '../http/validate.ts';

const GET = loadSql(import.meta.url, 'get.sql');

/**
 * A member as the lists and the detail return them. A role that may not see the ID number gets it
 * with the middle hidden and the birth year instead of the birth date (which is in the ID); a role
 * that may not see phones gets them masked, and terminal numbers (phones, in JT/T 808) too.
 */
export interface MemberRow {
  id: number;
  name: string;
  gender: string;
  /** Full date only for those who may see the ID number. */
  birthDate: string | null;
  birthYear: number | null;
  ethnicity: string | null;
  education: string | null;
  joinedDate: string | null;
  status: string;
  isCadre: boolean;
  orgId: number;
  orgName: string;
  phone: string | null;
  idNumber: string | null;
}

/** One member as `get.sql` returns it. */
export interface MemberDetail extends MemberRow {
  /** The latest fix of any of the member's terminals; `online` by `terminal_online()` (migration 0013). */
  lastFix: { lon: number; lat: number; time: string; online: boolean } | null;
  isDemo: boolean;
}

/** One member's record; every successful read is written to the audit log. */
export function memberRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>().use(readers).get('/:id', async (c) => {
    const id = parse(idParam, c.req.param('id'), 'member id');
    const caller = c.get('caller');
    const { rows } = await scopedQuery<MemberDetail>(pool, caller, GET, [id, seesPhone(caller), seesIdNumber(caller)]);
    if (!rows[0]) throw notFound('member');
    await pool.query(
      `INSERT INTO audit_log (user_id, action, subject_kind, subject_id) VALUES ($1, 'read', 'member', $2)`,
      [caller.userId, id],
    );
    return c.json(rows[0]);
  });
}
