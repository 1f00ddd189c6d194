/** The part of a search result that grouping needs (keeps this module free of the API types). */
export interface Groupable<K extends string> {
  kind: K;
  id: number;
}

/** One result in its group, with its position in the flat list that arrow keys walk. */
export interface GroupedItem<R> {
  result: R;
  /** 0-based position across all groups, in display order. */
  index: number;
}

/** Results of one kind. */
export interface ResultGroup<K extends string, R> {
  kind: K;
  items: GroupedItem<R>[];
}

/**
 * Groups results by kind. The server ranks results best first; groups keep that rank (the group of
 * the best hit comes first) and so do the results inside a group. `index` numbers the results in
 * the order they are shown, so "next" is always the row below.
 */
export function groupResults<K extends string, R extends Groupable<K>>(results: readonly R[]): ResultGroup<K, R>[] {
  const byKind = new Map<K, R[]>();
  for (const r of results) {
    const list = byKind.get(r.kind);
    if (list) list.push(r);
    else byKind.set(r.kind, [r]);
  }
  let index = 0;
  return [...byKind].map(([kind, list]) => ({ kind, items: list.map((result) => ({ result, index: index++ })) }));
}

/** The results in display order (the order of `index`). */
export function flattenGroups<K extends string, R>(groups: readonly ResultGroup<K, R>[]): R[] {
  return groups.flatMap((g) => g.items.map((i) => i.result));
}

/** Moves the active row by `step`, wrapping at both ends; from "none" (-1) down is the first row, up the last. */
export function moveActive(active: number, step: 1 | -1, count: number): number {
  if (count <= 0) return -1;
  if (active < 0 || active >= count) return step > 0 ? 0 : count - 1;
  return (active + step + count) % count;
}

/** A DOM-safe, stable id for a result row (kinds and ids are unique together, not apart). */
export function resultKey(r: Groupable<string>): string {
  return `${r.kind}-${r.id}`;
}
