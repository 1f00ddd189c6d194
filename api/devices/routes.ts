import { createHash, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type Caller, scopedQuery, seesPhone } from '../auth/scope.ts';
import { withTransaction } from '../db/database.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { ApiError, notFound, unprocessable } from '../http/errors.ts';
import { idParam, parse } from '../http/validate.ts';

const LIST = loadSql(import.meta.url, 'list.sql');
const MEMBER_CHECK = loadSql(import.meta.url, 'member-check.sql');
const CREATE = loadSql(import.meta.url, 'create.sql');
const UPDATE = loadSql(import.meta.url, 'update.sql');
const CREDENTIALS = loadSql(import.meta.url, 'credentials.sql');
const AUDIT = 'INSERT INTO audit_log (user_id, action, subject_kind, subject_id, detail) VALUES ($1, $2, $3, $4, $5)';

/** A terminal as `GET /api/devices` lists it. */
export interface DeviceRow {
  id: number;
  terminalId: string;
  protocol: 'jt808' | 'nmea' | 'http';
  /** Null while the terminal is bound to nobody (administrators only see those). */
  memberId: number | null;
  memberName: string | null;
  orgId: number | null;
  orgName: string | null;
  lastFixAt: string | null;
  lastFix: { lon: number; lat: number; time: string } | null;
  /** Heard from within its own offline threshold. */
  online: boolean;
  offlineHours: number;
  /** The organisation's seat, [lon, lat]; null for an unbound terminal. */
  seat: [number, number] | null;
  /** Up to five work places near the seat (sites, zone centres), [lon, lat] each. */
  places: [number, number][];
}

/** What `POST /api/devices` and a credential rotation answer: the secret is shown this once. */
export interface DeviceCredentials {
  id: number;
  terminalId?: string;
  protocol: DeviceRow['protocol'];
  /** JT/T 808: the code the terminal gets in its 0x8100 register reply and sends in 0x0102. */
  authCode?: string;
  /** HTTP: the bearer token for `POST /api/ingest/positions`; only its SHA-256 is kept. */
  token?: string;
  /** NMEA: the secret of the identification line (`$PRMID,<id>,<secret>*HH`); only its SHA-256 is kept. */
  secret?: string;
}

const listQuery = z.object({
  protocol: z.enum(['jt808', 'nmea', 'http']).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

/** Offline threshold of a terminal: an hour to 30 days (DESIGN §5 default 24 h). */
const offlineHours = z.number().int().min(1).max(720);

const createBody = z.object({
  // JT/T 808 terminal numbers are 12 (2013) or 20 (2019) BCD digits; others are free-form ids.
  terminalId: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z_-]{1,32}$/, 'terminalId: 1–32 letters, digits, _ or -'),
  protocol: z.enum(['jt808', 'nmea', 'http']),
  memberId: idParam.nullable().optional(),
  offlineHours: offlineHours.default(24),
  /** JT/T 808: what its register message (0x0100) must say; a field left out is not checked. */
  register: z
    .object({
      maker: z.string().trim().min(1).max(11).optional(),
      model: z.string().trim().min(1).max(30).optional(),
      terminal: z.string().trim().min(1).max(30).optional(),
      plate: z.string().trim().min(1).max(20).optional(),
    })
    .optional(),
});

const updateBody = z
  .object({ memberId: idParam.nullable().optional(), offlineHours: offlineHours.optional() })
  .refine((b) => b.memberId !== undefined || b.offlineHours !== undefined, 'nothing to change');

/** New secrets for a protocol: a JT/T 808 auth code, an HTTP token or an NMEA secret (hashed). */
function newSecrets(protocol: DeviceRow['protocol']): {
  authCode?: string;
  token?: string;
  tokenHash?: Buffer;
  secret?: string;
  secretHash?: Buffer;
} {
  if (protocol === 'jt808') return { authCode: randomBytes(8).toString('hex') };
  const value = randomBytes(24).toString('base64url');
  const hash = createHash('sha256').update(value).digest();
  return protocol === 'http' ? { token: value, tokenHash: hash } : { secret: value, secretHash: hash };
}

const seesUnbound = (caller: Caller) => caller.role === 'admin';

/**
 * `/api/devices`: the BeiDou terminals of the caller's subtree (device management, the
 * simulator); administrators register terminals, bind and unbind them, change their offline
 * threshold and rotate their credentials. Every change is audited.
 */
export function deviceRoutes({ pool }: AppDeps) {
  async function findDevice(caller: Caller, id: number): Promise<DeviceRow> {
    const { rows } = await scopedQuery<DeviceRow>(pool, caller, LIST, [
      null,
      1,
      seesUnbound(caller),
      id,
      seesPhone(caller),
    ]);
    if (!rows[0]) throw notFound('device');
    return rows[0];
  }

  async function memberInScope(caller: Caller, memberId: number | null | undefined): Promise<void> {
    if (memberId == null) return;
    const { rows } = await scopedQuery(pool, caller, MEMBER_CHECK, [memberId]);
    if (rows.length === 0) throw unprocessable('member_out_of_scope', `member ${memberId} is not in your scope`);
  }

  return new Hono<AppEnv>()
    .use(requireRole('admin', 'leader', 'secretary'))
    .get('/', async (c) => {
      const q = parse(listQuery, c.req.query(), 'device query');
      const caller = c.get('caller');
      const params = [q.protocol ?? null, q.limit, seesUnbound(caller), null, seesPhone(caller)];
      const { rows } = await scopedQuery<DeviceRow>(pool, caller, LIST, params);
      return c.json({ devices: rows });
    })
    .post('/', requireRole('admin'), async (c) => {
      const body = parse(createBody, await c.req.json().catch(() => null), 'device');
      const caller = c.get('caller');
      await memberInScope(caller, body.memberId);
      const secrets = newSecrets(body.protocol);
      const created = await withTransaction(pool, async (tx) => {
        const { rows } = await tx.query<{ id: number }>(CREATE, [
          body.terminalId,
          body.protocol,
          body.memberId ?? null,
          secrets.authCode ?? null,
          secrets.tokenHash ?? null,
          body.offlineHours,
          body.register?.maker ?? null,
          body.register?.model ?? null,
          body.register?.terminal ?? null,
          body.register?.plate ?? null,
          secrets.secretHash ?? null,
        ]);
        const id = rows[0]?.id;
        if (id === undefined) throw new ApiError(409, 'terminal_taken', `terminal ${body.terminalId} is registered`);
        const detail = { terminalId: body.terminalId, protocol: body.protocol, memberId: body.memberId ?? null };
        await tx.query(AUDIT, [caller.userId, 'device.create', 'device', id, detail]);
        return id;
      });
      const answer: DeviceCredentials = { id: created, terminalId: body.terminalId, protocol: body.protocol };
      if (secrets.authCode) answer.authCode = secrets.authCode;
      if (secrets.token) answer.token = secrets.token;
      if (secrets.secret) answer.secret = secrets.secret;
      return c.json(answer, 201);
    })
    .patch('/:id', requireRole('admin'), async (c) => {
      const id = parse(idParam, c.req.param('id'), 'device id');
      const body = parse(updateBody, await c.req.json().catch(() => null), 'device change');
      const caller = c.get('caller');
      await memberInScope(caller, body.memberId);
      await withTransaction(pool, async (tx) => {
        const rebind = body.memberId !== undefined;
        const { rows } = await scopedQuery(tx, caller, UPDATE, [
          id,
          rebind,
          body.memberId ?? null,
          body.offlineHours ?? null,
          seesUnbound(caller),
        ]);
        if (rows.length === 0) throw notFound('device');
        await tx.query(AUDIT, [caller.userId, 'device.update', 'device', id, body]);
      });
      return c.json(await findDevice(caller, id));
    })
    .post('/:id/credentials', requireRole('admin'), async (c) => {
      const id = parse(idParam, c.req.param('id'), 'device id');
      const caller = c.get('caller');
      const { protocol } = await findDevice(caller, id);
      const secrets = newSecrets(protocol);
      const answer = await withTransaction(pool, async (tx) => {
        const params = [
          id,
          secrets.authCode ?? null,
          secrets.tokenHash ?? null,
          seesUnbound(caller),
          secrets.secretHash ?? null,
        ];
        const { rows } = await scopedQuery(tx, caller, CREDENTIALS, params);
        if (rows.length === 0) throw notFound('device');
        await tx.query(AUDIT, [caller.userId, 'device.credentials', 'device', id, { protocol }]);
        const result: DeviceCredentials = { id, protocol };
        if (secrets.authCode) result.authCode = secrets.authCode;
        if (secrets.token) result.token = secrets.token;
        if (secrets.secret) result.secret = secrets.secret;
        return result;
      });
      return c.json(answer);
    });
}
