import { useEffect, useState } from 'react';
import {
  applyLive,
  type LiveChange,
  type LiveMap,
  type LivePosition,
  liveUrl,
  parseLivePositions,
  pruneLive,
} from '../lib/positions.ts';

/** Where the live stream stands. */
export type LiveStatus = 'off' | 'connecting' | 'open' | 'reconnecting';

/** What {@link useLivePositions} gives the page. */
export interface LivePositions {
  /** Latest fix per device of the last 30 minutes, in a stable order (a device keeps its index). */
  positions: readonly LivePosition[];
  /** False when the last change moved devices to other indices: the map must not animate it. */
  stable: boolean;
  /** The clock fixes fade against (ms since the epoch), ticking every `tickMs`. */
  now: number;
  status: LiveStatus;
}

/** Options of {@link useLivePositions}. */
export interface LiveOptions {
  /** The server sends moved devices at most this often. @default 1000 */
  intervalMs?: number;
  /** How often `now` ticks (and old fixes are dropped). @default 5000 */
  tickMs?: number;
}

interface Held {
  map: LiveMap;
  positions: readonly LivePosition[];
  stable: boolean;
}

const EMPTY: Held = { map: new Map(), positions: [], stable: true };
/** After the server refused or closed the stream for good, try again after this, doubling to the cap. */
const RETRY_MS = 5_000;
const RETRY_CAP_MS = 60_000;

/**
 * Members' positions live, from `GET /api/positions/live` (server-sent events), while `enabled`:
 * a `snapshot` of the last 30 minutes, then the devices that moved. The browser's EventSource
 * reconnects by itself after a dropped connection (and the server then sends a new snapshot);
 * when it gives up (an HTTP error), this tries again with a growing delay. Switching off or
 * unmounting closes the stream and forgets the positions.
 */
export function useLivePositions(
  enabled: boolean,
  { intervalMs = 1000, tickMs = 5000 }: LiveOptions = {},
): LivePositions {
  const [held, setHeld] = useState<Held>(EMPTY);
  const [status, setStatus] = useState<LiveStatus>('off');
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = RETRY_MS;
    const take = (change: (prev: LiveMap) => LiveChange) =>
      setHeld((prev) => {
        const { map, stable } = change(prev.map);
        return map === prev.map ? prev : { map, positions: [...map.values()], stable };
      });

    const open = () => {
      const es = new EventSource(liveUrl(intervalMs));
      source = es;
      es.addEventListener('snapshot', (e) => {
        delay = RETRY_MS;
        setStatus('open');
        setNow(Date.now());
        const list = parseLivePositions((e as MessageEvent<string>).data);
        take((prev) => applyLive(pruneLive(prev, Date.now()).map, list, true));
      });
      es.addEventListener('positions', (e) => {
        const list = parseLivePositions((e as MessageEvent<string>).data);
        take((prev) => applyLive(prev, list, false));
      });
      es.addEventListener('error', () => {
        setStatus('reconnecting');
        if (es.readyState !== EventSource.CLOSED) return;
        // Closed for good (the server answered with an error): EventSource will not retry.
        retry = setTimeout(open, delay);
        delay = Math.min(delay * 2, RETRY_CAP_MS);
      });
    };

    setStatus('connecting');
    setNow(Date.now());
    open();
    const tick = setInterval(() => {
      const t = Date.now();
      setNow(t);
      take((prev) => pruneLive(prev, t));
    }, tickMs);
    return () => {
      source?.close();
      clearTimeout(retry);
      clearInterval(tick);
      setHeld(EMPTY);
      setStatus('off');
    };
  }, [enabled, intervalMs, tickMs]);

  return { positions: held.positions, stable: held.stable, now, status };
}
