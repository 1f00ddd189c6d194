import { describe, expect, it } from 'vitest';
import type { OrgPoint } from '../../lib/features.ts';
import { badgeText, warningBadges } from './orgs.ts';

const org = (id: number, position: [number, number]): OrgPoint => ({
  id,
  name: `org ${id}`,
  kind: 'branch',
  category: 'organ',
  parentId: null,
  countyCode: null,
  star: null,
  standardised: false,
  position,
});

describe('warningBadges', () => {
  it('badges the single organisations with live warnings, deeper red when one is critical', () => {
    const singles = [org(1, [101.5, 21.9]), org(2, [101.6, 22]), org(3, [101.7, 22.1])];
    const warnings = new Map([
      [1, { open: 3, critical: 0 }],
      [3, { open: 120, critical: 2 }],
      [4, { open: 1, critical: 1 }], // clustered or filtered away: not among the singles
    ]);
    expect(warningBadges(singles, warnings)).toEqual([
      { orgId: 1, position: [101.5, 21.9], text: '3', critical: false },
      { orgId: 3, position: [101.7, 22.1], text: '99+', critical: true },
    ]);
  });

  it('draws no badge for a count of nought', () => {
    expect(warningBadges([org(1, [0, 0])], new Map([[1, { open: 0, critical: 0 }]]))).toEqual([]);
  });
});

describe('badgeText', () => {
  it('caps the count at 99+', () => {
    expect(badgeText(1)).toBe('1');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });
});
