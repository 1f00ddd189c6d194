import { describe, expect, it } from 'vitest';
import { countiesFromAdminAreas } from './counties.ts';

const feature = (properties: unknown) => ({ type: 'Feature', geometry: null, properties });

describe('countiesFromAdminAreas', () => {
  it('keeps counties only, ordered by code', () => {
    const body = {
      type: 'FeatureCollection',
      features: [
        feature({ code: '532628', name: '富宁县', level: 'county' }),
        feature({ code: '532600', name: '文山壮族苗族自治州', level: 'prefecture' }),
        feature({ code: '532601', name: '文山市', level: 'county' }),
      ],
    };
    expect(countiesFromAdminAreas(body)).toEqual([
      { code: '532601', name: '文山市' },
      { code: '532628', name: '富宁县' },
    ]);
  });

  it('skips malformed features and survives a malformed body', () => {
    const body = {
      features: [null, feature(null), feature({ code: 532624, name: '麻栗坡县', level: 'county' }), feature({})],
    };
    expect(countiesFromAdminAreas(body)).toEqual([]);
    expect(countiesFromAdminAreas('nope')).toEqual([]);
    expect(countiesFromAdminAreas({ features: 'x' })).toEqual([]);
  });
});
