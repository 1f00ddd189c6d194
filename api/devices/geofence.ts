/** Leave margin on top of a fix's own accuracy, in metres: GNSS drift along an edge stays inside. */
export const GEOFENCE_MARGIN_M = 30;

/** One fix looked at against one zone, as store.sql returns it. */
export interface ZoneCandidate {
  memberId: number;
  deviceId: number;
  time: Date;
  lon: number;
  lat: number;
  zoneId: number;
  /** The member was inside the zone before this batch. */
  present: boolean;
  /** The fix lies in the zone. */
  inside: boolean;
  /** The fix lies farther outside than its accuracy plus the margin. */
  clear: boolean;
}

export interface ZoneEvent {
  memberId: number;
  zoneId: number;
  deviceId: number;
  kind: 'enter' | 'leave';
  at: Date;
  lon: number;
  lat: number;
}

/**
 * What a batch changes: the events; the (member, zone) pairs inside at its end whose latest event
 * is an enter (a new presence, or a new entry time after a leave and re-entry); the pairs left.
 */
export interface ZoneChanges {
  events: ZoneEvent[];
  entered: ZoneEvent[];
  left: { memberId: number; zoneId: number }[];
}

/**
 * Runs the enter/leave state machine over a batch's candidates in time order, per member and
 * zone, with hysteresis: a member enters when a fix lies in the zone and leaves only when a fix is
 * clearly out (beyond accuracy + margin), so a track wandering along the edge does not flap.
 */
export function zoneChanges(candidates: readonly ZoneCandidate[]): ZoneChanges {
  const sorted = [...candidates].sort((a, b) => a.time.getTime() - b.time.getTime());
  const state = new Map<string, { before: boolean; now: boolean; last?: ZoneEvent }>();
  const events: ZoneEvent[] = [];
  for (const c of sorted) {
    const key = `${c.memberId}:${c.zoneId}`;
    let s = state.get(key);
    if (!s) {
      s = { before: c.present, now: c.present };
      state.set(key, s);
    }
    const kind = !s.now && c.inside ? 'enter' : s.now && !c.inside && c.clear ? 'leave' : undefined;
    if (!kind) continue;
    const event: ZoneEvent = {
      memberId: c.memberId,
      zoneId: c.zoneId,
      deviceId: c.deviceId,
      kind,
      at: c.time,
      lon: c.lon,
      lat: c.lat,
    };
    events.push(event);
    s.now = kind === 'enter';
    s.last = event;
  }
  const entered: ZoneEvent[] = [];
  const left: ZoneChanges['left'] = [];
  for (const s of state.values()) {
    if (s.now && s.last) entered.push(s.last);
    if (!s.now && s.before && s.last) left.push({ memberId: s.last.memberId, zoneId: s.last.zoneId });
  }
  return { events, entered, left };
}
