import { describe, expect, it } from 'vitest';
import {
  ancestorIds,
  countByKind,
  expandedToLevel,
  filterTree,
  type OrgNode,
  termStatus,
  totalMembers,
} from './orgs.ts';

/** A tree node with defaults for the fields a test does not care about. */
function node(id: number, name: string, kind: string, children: OrgNode[] = [], memberCount = 1): OrgNode {
  return {
    id,
    parentId: null,
    name,
    kind,
    category: 'organ',
    countyCode: null,
    star: null,
    depth: 0,
    memberCount,
    children,
  };
}

// 党委 → { 麻栗坡党总支 → { 天保联合党支部, 铁厂临时党支部 }, 机关党支部 }
const tree = node(1, '文山州局党委', 'committee', [
  node(2, '麻栗坡县局党总支', 'general_branch', [
    node(3, '麻栗坡县天保边境联合党支部', 'joint_branch', [], 39),
    node(4, '麻栗坡铁厂强边固防临时党支部', 'temporary_branch', [], 9),
  ]),
  node(5, '州局机关第一党支部', 'branch', [], 20),
]);

describe('tree summaries', () => {
  it('counts organisations by kind and members over the whole tree', () => {
    expect(Object.fromEntries(countByKind(tree))).toEqual({
      committee: 1,
      general_branch: 1,
      joint_branch: 1,
      temporary_branch: 1,
      branch: 1,
    });
    expect(totalMembers(tree)).toBe(1 + 1 + 39 + 9 + 20);
  });

  it('opens the root and the first level, but never a leaf', () => {
    expect([...expandedToLevel(tree, 2)].sort()).toEqual([1, 2]);
    expect([...expandedToLevel(tree, 1)]).toEqual([1]);
  });

  it('finds the ancestors that must open to show a node', () => {
    expect(ancestorIds(tree, 4)).toEqual([1, 2]);
    expect(ancestorIds(tree, 1)).toEqual([]);
    expect(ancestorIds(tree, 99)).toEqual([]);
  });
});

describe('filterTree', () => {
  it('keeps matches with their ancestors and drops the rest', () => {
    const { root, matches } = filterTree(tree, ' 麻栗坡 ');
    expect(matches).toBe(3);
    expect(root?.children.map((c) => c.id)).toEqual([2]);
    expect(root?.children[0]?.children.map((c) => c.id)).toEqual([3, 4]);
  });

  it('prunes the children of a match that do not match themselves', () => {
    const { root, matches } = filterTree(tree, '党总支');
    expect(matches).toBe(1);
    expect(root?.children[0]?.children).toEqual([]);
  });

  it('returns null when nothing matches and the tree itself for an empty query', () => {
    expect(filterTree(tree, '富宁').root).toBeNull();
    expect(filterTree(tree, '   ').root).toBe(tree);
  });

  it('ignores case for Latin letters', () => {
    const latin = node(1, 'RedMap Demo Branch', 'branch');
    expect(filterTree(latin, 'redmap').matches).toBe(1);
  });
});

describe('termStatus', () => {
  const today = new Date(2026, 0, 15);
  it('flags overdue terms and terms ending within 90 days', () => {
    expect(termStatus('2026-01-14', today)).toBe('overdue');
    expect(termStatus('2026-01-15', today)).toBe('due');
    expect(termStatus('2026-04-15', today)).toBe('due');
    expect(termStatus('2026-04-16', today)).toBe('ok');
    expect(termStatus(null, today)).toBe('unknown');
  });
});
