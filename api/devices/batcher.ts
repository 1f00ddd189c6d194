import type pg from 'pg';
import type { Fix } from './fix.ts';
import { type StoreResult, storeFixes } from './store.ts';

interface Waiting {
  fixes: readonly Fix[];
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface BatcherOptions {
  /** Most fixes per transaction. */
  maxFixes?: number;
  /** How long the first fix after a quiet spell waits for company, in ms. */
  lingerMs?: number;
  /** Prepare the store statement once per connection (real servers only; see store.ts). */
  prepared?: boolean;
  /** Called after each commit (live map, counters); must not throw. */
  onCommit?: (fixes: readonly Fix[], result: StoreResult) => void;
}

/**
 * Group commit for every listener (JT/T 808, NMEA, HTTP): fixes from many connections go into one
 * transaction, and each submitter's promise settles only after COMMIT — so a terminal is
 * acknowledged only for what is durably stored, and a failed batch acknowledges nothing (the
 * terminal retransmits). One transaction runs at a time; what arrives meanwhile forms the next
 * batch, so batches grow with load and the geofence sees each member's fixes in order.
 */
export class IngestBatcher {
  private queue: Waiting[] = [];
  private queued = 0;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxFixes: number;
  private readonly lingerMs: number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: BatcherOptions = {},
  ) {
    this.maxFixes = options.maxFixes ?? 5000;
    this.lingerMs = options.lingerMs ?? 5;
  }

  /** Resolves when `fixes` are committed; rejects when their batch failed. */
  submit(fixes: readonly Fix[]): Promise<void> {
    if (fixes.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ fixes, resolve, reject });
      this.queued += fixes.length;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running) return;
    if (this.queued >= this.maxFixes) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.lingerMs);
    }
  }

  private async flush(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const batch: Waiting[] = [];
    let n = 0;
    while (this.queue.length > 0 && (n === 0 || n + (this.queue[0]?.fixes.length ?? 0) <= this.maxFixes)) {
      const w = this.queue.shift() as Waiting;
      batch.push(w);
      n += w.fixes.length;
    }
    this.queued -= n;
    const fixes = batch.flatMap((w) => w.fixes);
    try {
      const result = await this.commit(fixes);
      for (const w of batch) w.resolve();
      this.options.onCommit?.(fixes, result);
    } catch (err) {
      for (const w of batch) w.reject(err as Error);
    } finally {
      this.running = false;
      // What came in during the commit goes now: it has already waited one commit.
      if (this.queue.length > 0) void this.flush();
    }
  }

  private async commit(fixes: readonly Fix[]): Promise<StoreResult> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // A backend that dies mid-batch also emits 'error' on the checked-out client: note it, so the
    // process does not see an unhandled error and the client is discarded.
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await storeFixes(client, fixes, { prepared: this.options.prepared ?? false });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      broken ??= await client.query('ROLLBACK').then(
        () => undefined,
        (e: Error) => e,
      );
      throw err;
    } finally {
      // A client whose rollback failed (its backend was terminated) is discarded, not pooled again.
      client.off('error', onError);
      client.release(broken);
    }
  }
}
