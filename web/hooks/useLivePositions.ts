import { useEffect, useState } from 'react';
import { LiveStore } from '../lib/liveStore.ts';
import { type LivePosition, liveUrl, parseLivePositions } from '../lib/positions.ts';

/** Where the live stream stands. */
export type LiveStatus = 'off' | 'connecting' | 'open' | 'reconnecting';

/** What {@link useLivePositions} gives the page. */
export interface LivePositions {
  /**
   * The fixes for the map, outside React: it takes messages in once per animation frame and the
   * map redraws from it without a page render. The same object for the life of the page.
   */
  store: LiveStore;
  /**
   * Latest fix per device of the last 30 minutes, for counts and lists. Refreshed when devices
   * join or leave and at every tick, not on every move: draw from `store`, not from this.
   */
  positions: readonly LivePosition[];
  /** The clock of `positions` (ms since the epoch), ticking every `tickMs`. */
  now: number;
  status: LiveStatus;
}

/** Options of {@link useLivePositions}. */
export interface LiveOptions {
  /** The server sends moved devices at most this often. @default 1000 */
  intervalMs?: number;
  /** How often fixes are aged (fading, dropping old ones) and `positions` is refreshed. @default 5000 */
  tickMs?: number;
}

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
  const [store] = useState(() => new LiveStore());
  const [summary, setSummary] = useState<{ positions: readonly LivePosition[]; now: number }>(() => ({
    positions: [],
    now: Date.now(),
  }));
  const [status, setStatus] = useState<LiveStatus>('off');

  // The page hears of joins, leaves and ticks only: a move alone renders nothing.
  useEffect(() => {
    let membership = store.frame.membership;
    let now = store.frame.now;
    return store.subscribe(() => {
      const frame = store.frame;
      if (frame.membership === membership && frame.now - now < tickMs / 2) return;
      membership = frame.membership;
      now = frame.now;
      setSummary({ positions: frame.fixes, now: frame.now });
    });
  }, [store, tickMs]);

  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = RETRY_MS;

    const open = () => {
      const es = new EventSource(liveUrl(intervalMs));
      source = es;
      es.addEventListener('snapshot', (e) => {
        delay = RETRY_MS;
        setStatus('open');
        store.push(parseLivePositions((e as MessageEvent<string>).data), true);
      });
      es.addEventListener('positions', (e) => {
        store.push(parseLivePositions((e as MessageEvent<string>).data), false);
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
    open();
    const tick = setInterval(() => store.tick(), tickMs);
    return () => {
      source?.close();
      clearTimeout(retry);
      clearInterval(tick);
      store.clear();
      setStatus('off');
    };
  }, [enabled, intervalMs, tickMs, store]);

  return { store, positions: summary.positions, now: summary.now, status };
}
