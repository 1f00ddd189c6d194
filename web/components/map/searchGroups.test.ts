import { describe, expect, it } from 'vitest';
import { flattenGroups, groupResults, moveActive, resultKey } from './searchGroups.ts';

const r = (kind: string, id: number) => ({ kind, id, name: `${kind} ${id}` });

describe('groupResults', () => {
  it('orders groups by their best hit and keeps the rank inside each group', () => {
    const ranked = [r('org', 1), r('member', 9), r('org', 2), r('county', 532624), r('member', 3)];
    const groups = groupResults(ranked);
    expect(groups.map((g) => g.kind)).toEqual(['org', 'member', 'county']);
    expect(groups[0]?.items.map((i) => i.result.id)).toEqual([1, 2]);
    expect(groups[1]?.items.map((i) => i.result.id)).toEqual([9, 3]);
  });

  it('numbers rows in display order, so the flat list and the indices agree', () => {
    const groups = groupResults([r('org', 1), r('member', 9), r('org', 2)]);
    expect(groups.flatMap((g) => g.items.map((i) => i.index))).toEqual([0, 1, 2]);
    expect(flattenGroups(groups).map(resultKey)).toEqual(['org-1', 'org-2', 'member-9']);
  });

  it('gives no groups for no results', () => {
    expect(groupResults([])).toEqual([]);
  });
});

describe('moveActive', () => {
  it('enters the list at the first row going down and the last going up', () => {
    expect(moveActive(-1, 1, 3)).toBe(0);
    expect(moveActive(-1, -1, 3)).toBe(2);
  });

  it('wraps at both ends', () => {
    expect(moveActive(2, 1, 3)).toBe(0);
    expect(moveActive(0, -1, 3)).toBe(2);
    expect(moveActive(1, 1, 3)).toBe(2);
  });

  it('has no active row in an empty list, and recovers from a stale index', () => {
    expect(moveActive(0, 1, 0)).toBe(-1);
    expect(moveActive(7, 1, 3)).toBe(0);
  });
});
