import type pg from 'pg';

interface TileRead {
  at: string;
  userId: number;
  layer: string;
  z: number;
  x: number;
  y: number;
  bytes: number;
}

/**
 * Reads of position tiles, one audit_log row per tile, written in batches: a map showing live
 * members requests dozens of tiles a second, and an INSERT per tile would cost more than the
 * tiles. Rows wait at most `flushMs` (a crash loses at most that much of the trail).
 */
export class TileReadAudit {
  private pending: TileRead[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    private readonly flushMs = 1_000,
    private readonly maxPending = 500,
  ) {}

  record(read: Omit<TileRead, 'at'>): void {
    this.pending.push({ ...read, at: new Date().toISOString() });
    if (this.pending.length >= this.maxPending) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  /** Writes what is pending now. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      await this.pool.query(
        `INSERT INTO audit_log (at, user_id, action, subject_kind, detail)
         SELECT r.at, r."userId", 'read_tile', 'member', jsonb_build_object('layer', r.layer, 'z', r.z, 'x', r.x, 'y', r.y, 'bytes', r.bytes)
           FROM json_to_recordset($1::json) AS r(at timestamptz, "userId" bigint, layer text, z int, x int, y int, bytes int)`,
        [JSON.stringify(batch)],
      );
    } catch (err) {
      console.error(`audit: ${batch.length} tile reads not written:`, (err as Error).message);
    }
  }
}
