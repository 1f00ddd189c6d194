/** Where a fix came in. */
export type FixSource = 'jt808' | 'nmea' | 'http';

/**
 * One position fix as every protocol decodes it, before it is stored: WGS84/CGCS2000 degrees
 * (stored as they come: CGCS2000 equals WGS84 at map scale), time in UTC.
 */
export interface Fix {
  deviceId: number;
  time: Date;
  lon: number;
  lat: number;
  speedKmh?: number | null;
  /** Degrees clockwise from north, 0–359. */
  heading?: number | null;
  altitudeM?: number | null;
  /** Horizontal accuracy estimate in metres; the geofence widens its leave margin by it. */
  accuracyM?: number | null;
  source: FixSource;
}

/** How far a fix's time may lie ahead of the server clock (a terminal clock running fast). */
export const MAX_FUTURE_MS = 24 * 3600_000;

/**
 * Why a fix cannot be stored, or undefined when it can. `oldest` is the start of the retention
 * window: older fixes have no partition to go to.
 */
export function fixProblem(fix: Omit<Fix, 'deviceId'>, now: Date, oldest: Date): string | undefined {
  const t = fix.time.getTime();
  if (!Number.isFinite(t)) return 'time is not a valid date';
  if (t > now.getTime() + MAX_FUTURE_MS) return 'time is more than a day ahead of the server clock';
  if (t < oldest.getTime()) return 'time is older than the position retention';
  if (!(Math.abs(fix.lat) <= 90)) return 'latitude must be within ±90°';
  if (!(Math.abs(fix.lon) <= 180)) return 'longitude must be within ±180°';
  if (fix.speedKmh != null && !(fix.speedKmh >= 0 && fix.speedKmh < 2000)) return 'speed must be 0–2000 km/h';
  if (fix.heading != null && !(fix.heading >= 0 && fix.heading <= 360)) return 'heading must be 0–360°';
  if (fix.accuracyM != null && !(fix.accuracyM >= 0 && fix.accuracyM < 100_000)) return 'accuracy must be 0–100 km';
  if (fix.altitudeM != null && !(Math.abs(fix.altitudeM) < 100_000)) return 'altitude must be within ±100 km';
  return undefined;
}
