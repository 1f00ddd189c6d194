import { describe, expect, it } from 'vitest';
import type { OrgPoint } from '../../lib/features.ts';
import { badgeText, compactLabel, orgFeatures } from './orgs.ts';

const org = (id: number, position: [number, number], star: number | null = null): OrgPoint => ({
  id,
  name: `org ${id}（分公司）党总支`,
  kind: 'branch',
  category: 'organ',
  parentId: null,
  countyCode: null,
  star,
  standardised: false,
  position,
});

describe('orgFeatures', () => {
  it('badges the organisations with live warnings, deeper red when one is critical', () => {
    const orgs = [org(1, [101.5, 21.9]), org(2, [101.6, 22]), org(3, [101.7, 22.1])];
    const warnings = new Map([
      [1, { open: 3, critical: 0 }],
      [2, { open: 0, critical: 0 }],
      [3, { open: 120, critical: 2 }],
      [4, { open: 1, critical: 1 }], // filtered away: not among the orgs
    ]);
    const props = orgFeatures(orgs, warnings).features.map((f) => f.properties);
    expect(props.map((p) => [p.id, p.warnings, p.badge])).toEqual([
      [1, '3', 'badge:warning:1'],
      [2, undefined, undefined],
      [3, '99+', 'badge:critical:3'],
    ]);
  });

  it('gives each org its symbol, its label and the rank its name competes with', () => {
    const [plain, starred] = orgFeatures([org(1, [104, 23]), org(2, [104.1, 23], 4)]).features;
    expect(plain?.geometry.coordinates).toEqual([104, 23]);
    expect(plain?.properties).toMatchObject({ icon: 'org:branch:0', starred: false, rank: 3 });
    expect(starred?.properties).toMatchObject({ icon: 'org:branch:4', starred: true, rank: 3.4 });
    expect(plain?.properties.label).toBe('org 1(分公司)党总支');
  });
});

describe('badgeText', () => {
  it('caps the count at 99+', () => {
    expect(badgeText(1)).toBe('1');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });
});

describe('compactLabel', () => {
  it('writes full-width brackets half-width, which sit tight on the map', () => {
    expect(compactLabel('州局机关第一党支部（办公室）')).toBe('州局机关第一党支部(办公室)');
    expect(compactLabel('Branch (office)')).toBe('Branch (office)');
  });
});
