import type pg from 'pg';

interface Entry {
  version: number;
  body: Uint8Array;
}

/**
 * Tiles in memory, least recently used out first, keyed by layer, scope and z/x/y. Each entry
 * remembers the layer version it was built at; `tile_layer_version` is bumped by triggers when a
 * table the layer reads changes, so a stale entry is never served, on this node or any other.
 */
export class TileCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** The layer's current version: one primary-key read, far cheaper than the tile query. */
  async version(layer: string): Promise<number> {
    const { rows } = await this.pool.query<{ version: number }>(
      'SELECT version FROM tile_layer_version WHERE layer = $1',
      [layer],
    );
    return rows[0]?.version ?? 0;
  }

  /** The cached tile if it was built at `version`. */
  get(key: string, version: number): Uint8Array | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.version !== version) {
      this.bytes -= entry.body.byteLength;
      return undefined;
    }
    this.entries.set(key, entry); // most recently used goes last
    return entry.body;
  }

  set(key: string, version: number, body: Uint8Array): void {
    const old = this.entries.get(key);
    if (old) this.bytes -= old.body.byteLength;
    this.entries.delete(key);
    this.entries.set(key, { version, body });
    this.bytes += body.byteLength;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.body.byteLength;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
