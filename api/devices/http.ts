import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type pg from 'pg';
import { z } from 'zod';
import { ApiError, badRequest } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import { type Fix, fixProblem } from './fix.ts';
import type { Ingest } from './ingest.ts';

/** Most fixes in one request: an app that was offline for a day at one fix a minute. */
const MAX_FIXES = 2000;

const fixSchema = z.object({
  time: z.iso.datetime({ offset: true, error: 'time must be an ISO 8601 date-time with a zone' }),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  speedKmh: z.number().min(0).max(2000).nullish(),
  heading: z.number().min(0).max(360).nullish(),
  altitudeM: z.number().min(-100_000).max(100_000).nullish(),
  accuracyM: z.number().min(0).max(100_000).nullish(),
});
const bodySchema = z.object({ fixes: z.array(fixSchema).min(1).max(MAX_FIXES) }).strict();

const invalidToken = () =>
  new ApiError(401, 'invalid_device_token', 'a valid device token is required (Authorization: Bearer …)');

/** The device a bearer token belongs to: only SHA-256 digests of tokens are stored. */
async function deviceOf(pool: pg.Pool, header: string | undefined): Promise<number> {
  const token = /^Bearer ([\w.~+/=-]{16,200})$/.exec(header ?? '')?.[1];
  if (!token) throw invalidToken();
  const digest = createHash('sha256').update(token).digest();
  const { rows } = await pool.query<{ id: number }>(
    `SELECT id FROM device WHERE token_hash = $1 AND protocol = 'http'`,
    [digest],
  );
  if (!rows[0]) throw invalidToken();
  return rows[0].id;
}

/**
 * `POST /api/ingest/positions`: a batch of fixes from an app-based terminal, authenticated by its
 * device token (no session). All or nothing: one bad fix rejects the request and stores nothing.
 * Idempotent: a retry of the same fixes stores each (device, time) once. 200 only after commit.
 */
export function ingestRoutes(pool: pg.Pool, ingest: Ingest) {
  return new Hono().post('/positions', async (c) => {
    const deviceId = await deviceOf(pool, c.req.header('authorization'));
    const raw = await c.req.json().catch(() => {
      throw badRequest('body must be JSON: { "fixes": [{ "time", "lon", "lat", … }] }');
    });
    const body = parse(bodySchema, raw, 'position batch');
    const now = new Date();
    const oldest = ingest.oldestAccepted(now);
    const fixes: Fix[] = body.fixes.map((f, i) => {
      const fix: Fix = { ...f, deviceId, time: new Date(f.time), source: 'http' };
      const problem = fixProblem(fix, now, oldest);
      if (problem) throw badRequest(`invalid position batch at fixes.${i}: ${problem}`);
      return fix;
    });
    await ingest.batcher.submit(fixes);
    return c.json({ accepted: fixes.length });
  });
}
