/**
 * Rows of the analyses whose SQL the server passes through untyped (`GET /api/indices/ranking`,
 * `GET /api/analysis/org-system/orgs`), read field by field into the shapes the page shows.
 * A row without an id or a name is dropped rather than drawn as a hole.
 */

/** One organisation of the 组织力 ranking (api/analysis/ranking.sql). */
export interface RankingRow {
  orgId: number;
  name: string;
  kind: string;
  rank: number;
  /** 组织力指数, 0–100, one decimal; null when no item applies. */
  organisation: number | null;
  /** 先锋力指数 (the members' mean). */
  vanguard: number | null;
  /** Change against the last snapshot of the previous month; null without one. */
  change: number | null;
  previousRank: number | null;
  /** Day of the snapshot, and of the one compared with. */
  asOf: string | null;
  previousAsOf: string | null;
}

/** One organisation behind an org-system figure (api/analysis/org-list.sql). */
export interface OrgRow {
  id: number;
  name: string;
  kind: string;
  category: string;
  countyName: string | null;
  star: number | null;
  standardised: boolean;
  termEnd: string | null;
  termState: string;
  parentName: string | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The ranking's rows, in the server's order. */
export function rankingRows(items: readonly Record<string, unknown>[]): RankingRow[] {
  const rows: RankingRow[] = [];
  for (const r of items) {
    const orgId = num(r.orgId);
    const name = str(r.name);
    if (orgId === null || name === null) continue;
    rows.push({
      orgId,
      name,
      kind: str(r.kind) ?? '',
      rank: num(r.rank) ?? rows.length + 1,
      organisation: num(r.organisation),
      vanguard: num(r.vanguard),
      change: num(r.change),
      previousRank: num(r.previousRank),
      asOf: str(r.asOf),
      previousAsOf: str(r.previousAsOf),
    });
  }
  return rows;
}

/** The drill-down's organisations, in the server's order (by place in the tree). */
export function orgRows(items: readonly Record<string, unknown>[]): OrgRow[] {
  const rows: OrgRow[] = [];
  for (const r of items) {
    const id = num(r.id);
    const name = str(r.name);
    if (id === null || name === null) continue;
    rows.push({
      id,
      name,
      kind: str(r.kind) ?? '',
      category: str(r.category) ?? '',
      countyName: str(r.countyName),
      star: num(r.star),
      standardised: r.standardised === true,
      termEnd: str(r.termEnd),
      termState: str(r.termState) ?? 'unknown',
      parentName: str(r.parentName),
    });
  }
  return rows;
}

/** A score's change as an arrow and its size: ▲ up, ▼ down, ＝ unchanged, — nothing to compare. */
export function trendOf(change: number | null): { direction: 'up' | 'down' | 'flat' | 'none'; text: string } {
  if (change === null) return { direction: 'none', text: '—' };
  // One decimal, as the server rounds; -0.04 would otherwise print as "▼0.0".
  const size = Math.round(Math.abs(change) * 10) / 10;
  if (size === 0) return { direction: 'flat', text: '＝' };
  return change > 0
    ? { direction: 'up', text: `▲${size.toFixed(1)}` }
    : { direction: 'down', text: `▼${size.toFixed(1)}` };
}
