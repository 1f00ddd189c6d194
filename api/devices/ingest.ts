import type pg from 'pg';
import { DEFAULT_RETENTION_MONTHS, maintainPositionPartitions } from '../db/migrate.ts';
import { type RecomputeResult, recomputeWarnings } from '../warnings/engine.ts';
import { IngestBatcher } from './batcher.ts';
import type { Fix } from './fix.ts';
import type { StoreResult } from './store.ts';

/** A listener told after every committed batch (the live map). */
export type CommitListener = (fixes: readonly Fix[], result: StoreResult) => void;

export interface IngestOptions {
  /** Months of positions kept; older monthly partitions are dropped (default 12). */
  retentionMonths?: number;
  maxBatch?: number;
  /** The database is a real server: prepare the store statement (see store.ts). */
  prepared?: boolean;
}

/**
 * What every listener shares: one group-commit batcher, the retention window fixes must fall in,
 * and the commit feed the live map subscribes to. One per process.
 */
export class Ingest {
  readonly batcher: IngestBatcher;
  readonly retentionMonths: number;
  private readonly listeners = new Set<CommitListener>();
  private maintenance: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    options: IngestOptions = {},
  ) {
    this.retentionMonths = options.retentionMonths ?? DEFAULT_RETENTION_MONTHS;
    this.batcher = new IngestBatcher(pool, {
      ...(options.maxBatch ? { maxFixes: options.maxBatch } : {}),
      prepared: options.prepared ?? false,
      onCommit: (fixes, result) => {
        for (const l of this.listeners) l(fixes, result);
      },
    });
  }

  /** Subscribes to committed batches; returns the unsubscribe function. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The oldest fix time that still has a partition: the first day of the oldest kept month (UTC). */
  oldestAccepted(now = new Date()): Date {
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - this.retentionMonths, 2));
  }

  /**
   * Keeps the position partitions in line with the retention every six hours until {@link stop}
   * (opening the database did it once already: see api/db/migrate.ts).
   */
  keepPartitions(): void {
    this.maintenance ??= setInterval(
      () => void maintainPositionPartitions(this.pool, this.retentionMonths).catch(logError),
      6 * 3600_000,
    ).unref();
  }

  /**
   * Opens a `device_offline` warning for each terminal silent past its threshold and closes those
   * heard again, now: the warnings engine with that one rule. The scheduler (api/jobs) runs every
   * rule on its own timer, so nothing here repeats.
   */
  checkOffline(): Promise<RecomputeResult> {
    return recomputeWarnings(this.pool, { rules: ['device_offline'] });
  }

  stop(): void {
    clearInterval(this.maintenance);
    this.maintenance = undefined;
  }
}

const logError = (err: Error) => console.error('ingest maintenance:', err.message);
