import { applyLive, LIVE_WINDOW_MS, type LiveMap, type LivePosition, pruneLive } from './positions.ts';

/**
 * The live fixes as the map draws them, outside React: the SSE client pushes messages in, and
 * they are taken in once per animation frame (however many arrived), so a burst of messages
 * costs one redraw and no page render. The drawing side reads one {@link LiveFrame}: flat typed
 * arrays that deck.gl uploads as they are, with the fixes in the same order for picking.
 */

/** What the live layer draws: slot `i` holds `fixes[i]`. */
export interface LiveFrame {
  /** Bumped on every change. */
  version: number;
  /** Bumped only when devices join or leave, not when they move. */
  membership: number;
  /** The clock fixes are aged against (ms since the epoch), as of this frame. */
  now: number;
  length: number;
  fixes: readonly LivePosition[];
  /** lon, lat of each fix. A fresh view every frame: deck.gl re-uploads a buffer it has not seen. */
  positions: Float64Array;
  /** Each fix's time, ms since the epoch. */
  times: Float64Array;
  /** The members on the live layer (to hide their latest-fix dots from the tiles). */
  members: ReadonlySet<number>;
}

/** Options of {@link LiveStore}. */
export interface LiveStoreOptions {
  /** Fixes older than this leave. @default LIVE_WINDOW_MS */
  windowMs?: number;
  /** Schedules a flush; tests pass a synchronous one. @default requestAnimationFrame */
  schedule?: (flush: () => void) => void;
  /** @default Date.now */
  clock?: () => number;
}

const EMPTY_SET: ReadonlySet<number> = new Set();

/** Latest fix per device, batched per animation frame into one {@link LiveFrame}. */
export class LiveStore {
  private held: LiveMap = new Map();
  /** Messages since the last flush, merged: a snapshot replaces everything before it. */
  private pending: { snapshot: LivePosition[] | null; moved: Map<number, LivePosition> } = {
    snapshot: null,
    moved: new Map(),
  };
  private scheduled = false;
  private ticked = false;
  private readonly listeners = new Set<() => void>();
  private readonly windowMs: number;
  private readonly schedule: (flush: () => void) => void;
  private readonly clock: () => number;
  private positions = new Float64Array(0);
  private times = new Float64Array(0);
  private current: LiveFrame;

  constructor({ windowMs = LIVE_WINDOW_MS, schedule, clock = Date.now }: LiveStoreOptions = {}) {
    this.windowMs = windowMs;
    this.clock = clock;
    this.schedule =
      schedule ??
      ((flush) => {
        // A hidden tab runs no animation frames: the pending fixes merge until it shows again.
        if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
        else setTimeout(flush, 16);
      });
    this.current = this.build(0, 0, []);
  }

  /** The frame to draw now. */
  get frame(): LiveFrame {
    return this.current;
  }

  /** Takes in a `snapshot` (everything there is) or a `positions` message (devices that moved). */
  push(incoming: readonly LivePosition[], snapshot: boolean): void {
    if (snapshot) {
      this.pending = { snapshot: [...incoming], moved: new Map() };
    } else {
      for (const p of incoming) {
        const held = this.pending.moved.get(p.deviceId);
        if (!held || Date.parse(held.time) <= Date.parse(p.time)) this.pending.moved.set(p.deviceId, p);
      }
    }
    this.request();
  }

  /** Ages the fixes against a new clock (fading) and drops those past the window. */
  tick(): void {
    this.ticked = true;
    this.request();
  }

  /** Forgets everything (the stream closed). */
  clear(): void {
    this.pending = { snapshot: [], moved: new Map() };
    this.request();
  }

  /** Called after each flush that changed the frame; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private request() {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Applies what arrived since the last frame; exposed for tests. */
  flush(): void {
    this.scheduled = false;
    const { snapshot, moved } = this.pending;
    const ticked = this.ticked;
    this.pending = { snapshot: null, moved: new Map() };
    this.ticked = false;
    const now = this.clock();
    let map = this.held;
    let joinedOrLeft = false;
    if (snapshot) {
      const change = applyLive(pruneLive(map, now, this.windowMs).map, snapshot, true);
      joinedOrLeft ||= !change.stable || change.map.size !== map.size;
      map = change.map;
    }
    // Only fixes newer than those held change anything (a retransmitted or late one does not).
    const held = map;
    const newer = [...moved.values()].filter((p) => {
      const h = held.get(p.deviceId);
      return !h || Date.parse(p.time) > Date.parse(h.time);
    });
    if (newer.length > 0) {
      const before = map.size;
      map = applyLive(map, newer, false).map;
      joinedOrLeft ||= map.size !== before;
    }
    const pruned = pruneLive(map, now, this.windowMs);
    joinedOrLeft ||= pruned.map !== map;
    map = pruned.map;
    if (map === this.held && !ticked) return;
    this.held = map;
    const { version, membership } = this.current;
    this.current = this.build(version + 1, joinedOrLeft ? membership + 1 : membership, [...map.values()], now);
    for (const l of this.listeners) l();
  }

  /** Fills the typed arrays (grown, never shrunk) and hands out views of the used part. */
  private build(version: number, membership: number, fixes: LivePosition[], now = this.clock()): LiveFrame {
    const n = fixes.length;
    if (this.times.length < n) {
      const capacity = Math.max(n, this.times.length * 2, 64);
      this.positions = new Float64Array(capacity * 2);
      this.times = new Float64Array(capacity);
    }
    for (let i = 0; i < n; i++) {
      const p = fixes[i] as LivePosition;
      this.positions[2 * i] = p.lon;
      this.positions[2 * i + 1] = p.lat;
      this.times[i] = Date.parse(p.time);
    }
    const members =
      version > 0 && membership === this.current.membership
        ? this.current.members
        : n === 0
          ? EMPTY_SET
          : new Set(fixes.map((p) => p.memberId));
    return {
      version,
      membership,
      now,
      length: n,
      fixes,
      positions: this.positions.subarray(0, 2 * n),
      times: this.times.subarray(0, n),
      members,
    };
  }
}
