import type { InferResponseType } from 'hono/client';
import type { api } from './api.ts';

type TreeResponse = InferResponseType<typeof api.orgs.tree.$get, 200>;

/**
 * One node of `GET /api/orgs/tree`. The fields come from the server's route type; `children` is
 * re-declared because Hono's JSON type stops expanding a recursive type after one level.
 */
export type OrgNode = Omit<NonNullable<TreeResponse>, 'children'> & { children: OrgNode[] };

/** Organisation kinds from the top of the hierarchy down; the order of summaries and legends. */
export const ORG_KINDS = ['committee', 'general_branch', 'branch', 'temporary_branch', 'joint_branch'] as const;

/** Highest star rating (星级 1–5). */
export const MAX_STAR = 5;

/** Narrows the tree response: the server answers `null` when the caller's scope is empty. */
export function toOrgTree(body: TreeResponse | null): OrgNode | null {
  // Same JSON, only the recursion is re-typed (see OrgNode).
  return (body ?? null) as OrgNode | null;
}

/** Depth-first walk over a tree, parents before children. */
export function* walk(root: OrgNode): Generator<OrgNode> {
  yield root;
  for (const child of root.children) yield* walk(child);
}

/** How many organisations of each kind the tree holds. */
export function countByKind(root: OrgNode): Map<string, number> {
  const counts = new Map<string, number>();
  for (const node of walk(root)) counts.set(node.kind, (counts.get(node.kind) ?? 0) + 1);
  return counts;
}

/** Party members in the whole tree (each node counts its direct Party members only). */
export function totalMembers(root: OrgNode): number {
  let total = 0;
  for (const node of walk(root)) total += node.memberCount;
  return total;
}

/** Ids of the nodes shallower than `levels`, i.e. expanded so that `levels` generations show. */
export function expandedToLevel(root: OrgNode, levels: number): Set<number> {
  const ids = new Set<number>();
  const visit = (node: OrgNode, level: number) => {
    if (level >= levels || node.children.length === 0) return;
    ids.add(node.id);
    for (const child of node.children) visit(child, level + 1);
  };
  visit(root, 0);
  return ids;
}

/** Ids from the root down to, but not including, `id`; empty when `id` is the root or absent. */
export function ancestorIds(root: OrgNode, id: number): number[] {
  const path: number[] = [];
  const visit = (node: OrgNode): boolean => {
    if (node.id === id) return true;
    path.push(node.id);
    for (const child of node.children) if (visit(child)) return true;
    path.pop();
    return false;
  };
  return visit(root) ? path : [];
}

/** Normalises a search string: trimmed and case-folded (names are Chinese, but "RedMap" is not). */
export function normaliseQuery(query: string): string {
  return query.trim().toLocaleLowerCase();
}

/** Result of {@link filterTree}. */
export interface FilteredTree {
  /** The pruned tree: matches and their ancestors; null when nothing matches. */
  root: OrgNode | null;
  /** Number of organisations whose name matched. */
  matches: number;
}

/**
 * Keeps the organisations whose name contains `query`, plus their ancestors so each match is shown
 * where it sits in the hierarchy. An empty query returns the tree unchanged.
 */
export function filterTree(root: OrgNode, query: string): FilteredTree {
  const q = normaliseQuery(query);
  if (q === '') return { root, matches: 0 };
  let matches = 0;
  const prune = (node: OrgNode): OrgNode | null => {
    const children = node.children.map(prune).filter((c): c is OrgNode => c !== null);
    const hit = node.name.toLocaleLowerCase().includes(q);
    if (hit) matches += 1;
    return hit || children.length > 0 ? { ...node, children } : null;
  };
  const pruned = prune(root);
  return { root: pruned, matches };
}

/** `GET /api/orgs/:id`, typed from the server's route (`OrgDetail` in api/orgs/routes.ts). */
export type OrgDetail = InferResponseType<(typeof api.orgs)[':id']['$get'], 200>;

/** Days within which a coming 换届 is flagged, as in the warning rule of DESIGN §5. */
export const TERM_DUE_DAYS = 90;

/** Whether a term ending on `termEnd` is overdue, due within {@link TERM_DUE_DAYS}, or fine. */
export function termStatus(termEnd: string | null, today: Date = new Date()): 'overdue' | 'due' | 'ok' | 'unknown' {
  if (!termEnd) return 'unknown';
  const end = Date.parse(`${termEnd.slice(0, 10)}T00:00:00`);
  if (Number.isNaN(end)) return 'unknown';
  const startOfToday = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  const days = Math.round((end - startOfToday) / 86_400_000);
  if (days < 0) return 'overdue';
  return days <= TERM_DUE_DAYS ? 'due' : 'ok';
}
