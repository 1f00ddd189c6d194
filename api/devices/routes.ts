import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { scopedQuery } from '../auth/scope.ts';
import { loadSql } from '../db/sql.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { parse } from '../http/validate.ts';

const LIST = loadSql(import.meta.url, 'list.sql');

/** A terminal as `GET /api/devices` lists it. */
export interface DeviceRow {
  id: number;
  terminalId: string;
  protocol: 'jt808' | 'nmea' | 'http';
  memberId: number;
  memberName: string;
  orgId: number;
  orgName: string;
  lastFixAt: string | null;
  online: boolean;
  /** The organisation's seat, [lon, lat]. */
  seat: [number, number];
  /** Up to five work places near the seat (sites, zone centres), [lon, lat] each. */
  places: [number, number][];
}

const listQuery = z.object({
  protocol: z.enum(['jt808', 'nmea', 'http']).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

/** `/api/devices`: the BeiDou terminals of the caller's subtree (device management, the simulator). */
export function deviceRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>().use(requireRole('admin', 'leader', 'secretary')).get('/', async (c) => {
    const q = parse(listQuery, c.req.query(), 'device query');
    const { rows } = await scopedQuery<DeviceRow>(pool, c.get('caller'), LIST, [q.protocol ?? null, q.limit]);
    return c.json({ devices: rows });
  });
}
