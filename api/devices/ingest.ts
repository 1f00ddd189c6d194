import type pg from 'pg';
import { loadSql } from '../db/sql.ts';
import { IngestBatcher } from './batcher.ts';
import type { Fix } from './fix.ts';
import type { StoreResult } from './store.ts';

const OFFLINE_SQL = loadSql(import.meta.url, 'offline.sql');

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
  private offlineTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    options: IngestOptions = {},
  ) {
    this.retentionMonths = options.retentionMonths ?? 12;
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
   * Creates the monthly partitions from the retention start to three months ahead and drops the
   * ones past retention; runs now and every six hours until {@link stop}.
   */
  async maintainPartitions(): Promise<{ made: number; dropped: number }> {
    const { rows } = await this.pool.query<{ made: number; dropped: number }>(
      `SELECT ensure_position_partitions((date_trunc('month', now()) - make_interval(months => $1))::date, $1 + 4) AS made,
              drop_position_partitions((date_trunc('month', now()) - make_interval(months => $1))::date) AS dropped`,
      [this.retentionMonths],
    );
    this.maintenance ??= setInterval(() => void this.maintainPartitions().catch(logError), 6 * 3600_000).unref();
    return rows[0] ?? { made: 0, dropped: 0 };
  }

  /**
   * Opens a `device_offline` warning for each terminal silent past its threshold and closes those
   * heard again; runs now and every ten minutes until {@link stop}.
   */
  async checkOffline(): Promise<{ open: number; closed: number }> {
    const { rows } = await this.pool.query<{ open: number; closed: number }>(OFFLINE_SQL);
    this.offlineTimer ??= setInterval(() => void this.checkOffline().catch(logError), 10 * 60_000).unref();
    return rows[0] ?? { open: 0, closed: 0 };
  }

  stop(): void {
    clearInterval(this.maintenance);
    clearInterval(this.offlineTimer);
    this.maintenance = undefined;
    this.offlineTimer = undefined;
  }
}

const logError = (err: Error) => console.error('ingest maintenance:', err.message);
