import { describe, expect, it } from 'vitest';
import { countyMaskFilter, jointPointPasses, orgPasses, siteFilter, zoneFilter } from './filters.ts';
import { DEFAULT_STATE, type MapFilters } from './state.ts';

const none: MapFilters = DEFAULT_STATE.filters;
const org = { kind: 'branch', star: 4, countyCode: '532624' };

describe('filters', () => {
  it('lets every org through when nothing is chosen', () => {
    expect(orgPasses(none, org)).toBe(true);
    expect(orgPasses(none, { ...org, star: null, countyCode: null })).toBe(true);
  });

  it('narrows orgs by county, kind and stars, hiding unrated orgs once stars are chosen', () => {
    expect(orgPasses({ ...none, county: '532625' }, org)).toBe(false);
    expect(orgPasses({ ...none, orgKinds: ['committee'] }, org)).toBe(false);
    expect(orgPasses({ ...none, orgKinds: ['branch', 'committee'] }, org)).toBe(true);
    expect(orgPasses({ ...none, stars: [4, 5] }, org)).toBe(true);
    expect(orgPasses({ ...none, stars: [4, 5] }, { ...org, star: null })).toBe(false);
  });

  it('narrows joint points by county', () => {
    expect(jointPointPasses({ ...none, county: '532624' }, { countyCode: '532624' })).toBe(true);
    expect(jointPointPasses({ ...none, county: '532624' }, { countyCode: '532625' })).toBe(false);
  });

  it('builds tile filters that show all by default', () => {
    expect(zoneFilter(none)).toEqual(['boolean', true]);
    expect(zoneFilter({ ...none, zoneKinds: ['grid'] })).toEqual(['in', ['get', 'kind'], ['literal', ['grid']]]);
    expect(siteFilter(none)).toEqual(['!', ['has', 'count']]);
    expect(countyMaskFilter(none)).toEqual(['boolean', false]);
    expect(countyMaskFilter({ ...none, county: '532624' })).toEqual([
      'all',
      ['==', ['get', 'level'], 'county'],
      ['!=', ['get', 'code'], '532624'],
    ]);
  });
});
