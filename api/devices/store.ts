import type pg from 'pg';
import { loadSql } from '../db/sql.ts';
import type { Fix } from './fix.ts';
import { GEOFENCE_MARGIN_M, type ZoneCandidate, type ZoneChanges, zoneChanges } from './geofence.ts';

const STORE_SQL = loadSql(import.meta.url, 'store.sql');
const GEOFENCE_APPLY_SQL = loadSql(import.meta.url, 'geofence-apply.sql');

export interface StoreResult {
  /** Fixes stored (duplicates of stored ones and fixes of unbound devices are not). */
  stored: number;
  /** Devices whose latest fix moved forward. */
  moved: number;
  /** Attendance records made by 无感考勤. */
  attended: number;
  zones: ZoneChanges;
}

export interface StoreOptions {
  /**
   * Run the statement as a named prepared statement with one generic plan (a real server only:
   * the embedded engine shares one backend between connections). Planning it costs about as much
   * as storing a few hundred fixes, and its plan does not depend on the batch.
   */
  prepared?: boolean;
}

interface StoreRow {
  stored: number;
  moved: number;
  attended: number;
  member_id: number | null;
  device_id: number;
  time: Date;
  lon: number;
  lat: number;
  zone_id: number;
  present: boolean;
  inside: boolean;
  clear: boolean;
}

/**
 * Stores a batch of fixes with everything that follows from them, on `client` inside the
 * caller's transaction: positions (a retransmitted fix once), each device's latest fix, BeiDou
 * attendance, and geofence events and presence. Two statements whatever the batch size.
 */
export async function storeFixes(
  client: pg.ClientBase,
  fixes: readonly Fix[],
  options: StoreOptions = {},
): Promise<StoreResult> {
  if (options.prepared) await client.query('SET LOCAL plan_cache_mode = force_generic_plan');
  const { rows } = await client.query<StoreRow>({
    ...(options.prepared ? { name: 'redmap_store_fixes' } : {}),
    text: STORE_SQL,
    values: [
      fixes.map((f) => f.deviceId),
      fixes.map((f) => f.time),
      fixes.map((f) => f.lon),
      fixes.map((f) => f.lat),
      fixes.map((f) => f.speedKmh ?? null),
      fixes.map((f) => (f.heading == null ? null : Math.round(f.heading) % 360)),
      fixes.map((f) => f.altitudeM ?? null),
      fixes.map((f) => f.accuracyM ?? null),
      fixes.map((f) => f.source),
      GEOFENCE_MARGIN_M,
    ],
  });
  const head = rows[0];
  const candidates: ZoneCandidate[] = rows
    .filter((r) => r.member_id !== null)
    .map((r) => ({
      memberId: r.member_id as number,
      deviceId: r.device_id,
      time: r.time,
      lon: r.lon,
      lat: r.lat,
      zoneId: r.zone_id,
      present: r.present,
      inside: r.inside,
      clear: r.clear,
    }));
  const zones = zoneChanges(candidates);
  if (zones.events.length > 0) {
    const { events: e, entered, left } = zones;
    await client.query(GEOFENCE_APPLY_SQL, [
      e.map((x) => x.memberId),
      e.map((x) => x.zoneId),
      e.map((x) => x.deviceId),
      e.map((x) => x.kind),
      e.map((x) => x.at),
      e.map((x) => x.lon),
      e.map((x) => x.lat),
      entered.map((x) => x.memberId),
      entered.map((x) => x.zoneId),
      entered.map((x) => x.at),
      left.map((x) => x.memberId),
      left.map((x) => x.zoneId),
    ]);
  }
  return { stored: head?.stored ?? 0, moved: head?.moved ?? 0, attended: head?.attended ?? 0, zones };
}
