import { describe, expect, it } from 'vitest';
import { DEFAULTS, SITE_KINDS, ZONE_KINDS } from '../../api/coverage/params.ts';
import {
  type BorderGap,
  type BorderSegment,
  blindSpots,
  type CoverageSite,
  coverageRequest,
  DEFAULT_CONTROLS,
  distanceColor,
  gapAnchor,
  gapMarkers,
  inAnalysisArea,
  kmText,
  pointsChange,
  recommendationKinds,
  resultBounds,
  whatIfRequest,
} from './coverage.ts';

const site = (id: number, over: Partial<CoverageSite>): CoverageSite => ({
  id,
  name: `site ${id}`,
  kind: 'purchase_point',
  countyCode: '532624',
  lon: 104.5,
  lat: 23.1,
  covered: false,
  zoneId: null,
  nearestOrgId: 1,
  nearestOrgM: 6000,
  hypotheticalM: null,
  radiusM: 5000,
  ...over,
});

const segment = (seq: number, covered: boolean, coordinates: [number, number][]): BorderSegment => ({
  seq,
  fromKm: seq - 1,
  toKm: seq - 1e-9 * seq,
  countyCode: '532624',
  jointPointId: null,
  jointPointM: null,
  zoneId: null,
  hypotheticalM: null,
  covered,
  geometry: { type: 'LineString', coordinates },
});

describe('coverage planner helpers', () => {
  it('starts from the API defaults', () => {
    expect(DEFAULT_CONTROLS).toMatchObject({
      siteRadiusKm: DEFAULTS.siteRadiusKm,
      borderRadiusKm: DEFAULTS.borderRadiusKm,
      k: DEFAULTS.k,
      cellKm: DEFAULTS.cellKm,
    });
    expect(DEFAULT_CONTROLS.zoneKinds).toEqual([...ZONE_KINDS]);
    expect(DEFAULT_CONTROLS.siteKinds).toEqual([...SITE_KINDS]);
  });

  it('lists uncovered sites worst first, with no organisation at all before any distance', () => {
    const sites = [
      site(1, { nearestOrgM: 7000 }),
      site(2, { covered: true, nearestOrgM: 900 }),
      site(3, { nearestOrgM: 12000 }),
      site(4, { nearestOrgM: null, nearestOrgId: null }),
      // Runs stored before sites.sql coalesced `covered` held null for uncovered sites.
      site(5, { covered: null as unknown as boolean, nearestOrgM: 9000, radiusM: 2000 }),
      // A hypothetical organisation nearer than the stored one counts.
      site(6, { nearestOrgM: 20000, hypotheticalM: 5500 }),
    ];
    const spots = blindSpots(sites);
    expect(spots.map((s) => s.id)).toEqual([4, 3, 5, 1, 6]);
    expect(spots.map((s) => s.severityM)).toEqual([null, 7000, 7000, 2000, 500]);
  });

  it('writes km markers without the float noise the API sends', () => {
    expect(kmText(196.99999999999804)).toBe('197');
    expect(kmText(7.25)).toBe('7.3');
    expect(gapMarkers({ fromKm: 190, toKm: 196.99999999999804 })).toBe('190–197 km');
  });

  it('anchors a gap label on the border line in the middle of the stretch', () => {
    const segments = [
      segment(1, true, [
        [104, 23],
        [104.01, 23],
      ]),
      segment(2, false, [
        [104.01, 23],
        [104.02, 23],
      ]),
      segment(3, false, [
        [104.02, 23],
        [104.025, 23.001],
        [104.03, 23],
      ]),
      segment(4, false, [
        [104.03, 23],
        [104.04, 23],
      ]),
    ];
    const gap: BorderGap = { countyCode: '532624', fromKm: 1, toKm: 3.99999, km: 3, segments: 3 };
    expect(gapAnchor(gap, segments)).toEqual([104.025, 23.001]);
    expect(gapAnchor({ ...gap, countyCode: '532625' }, segments)).toBeNull();
  });

  it('bounds the sites, border and grid of a result', () => {
    const sites = [site(1, { lon: 104.2, lat: 23.6 }), site(2, { lon: 104.9, lat: 23.1 })];
    const segments = [
      segment(1, false, [
        [104.5, 22.8],
        [104.6, 22.9],
      ]),
    ];
    expect(resultBounds({ sites: { items: sites }, border: { segments } } as never)).toEqual([
      104.2, 22.8, 104.9, 23.6,
    ]);
    expect(resultBounds({ sites: { items: [] }, border: { segments: [] } } as never)).toBeNull();
  });

  it('colours distances from green inside the radius to deep purple far outside', () => {
    expect(distanceColor(0, 5000)).toEqual([26, 150, 65]);
    expect(distanceColor(5000, 5000)).toEqual([255, 255, 204]);
    expect(distanceColor(7500, 5000)).toEqual([222, 222, 212]);
    expect(distanceColor(100_000, 5000)).toEqual([84, 39, 143]);
    expect(distanceColor(null, 5000)).toEqual([84, 39, 143]);
  });

  it('reruns the base request with the what-if points, without the exact optimum', () => {
    const base = coverageRequest(DEFAULT_CONTROLS, 7);
    expect(base).toMatchObject({ org: 7, siteRadiusKm: 5, borderRadiusKm: 10, k: 3, cellKm: 2.5 });
    const next = whatIfRequest(base, [
      { id: 1, kind: 'org', lon: 104.1, lat: 23.2 },
      { id: 2, kind: 'joint_point', lon: 105.1, lat: 22.9 },
      { id: 3, kind: 'org', lon: 104.3, lat: 23.4 },
    ]);
    expect(next).toEqual({
      ...base,
      exact: false,
      hypothetical: {
        orgs: [
          [104.1, 23.2],
          [104.3, 23.4],
        ],
        jointPoints: [[105.1, 22.9]],
      },
    });
    expect(base).not.toHaveProperty('hypothetical');
  });

  it('turns a recommendation into the points that gain what it promised', () => {
    expect(recommendationKinds({ gainSites: 3, gainBorderKm: 8 })).toEqual(['org', 'joint_point']);
    expect(recommendationKinds({ gainSites: 4, gainBorderKm: 0 })).toEqual(['org']);
    expect(recommendationKinds({ gainSites: 0, gainBorderKm: 2 })).toEqual(['joint_point']);
    expect(recommendationKinds({ gainSites: 0, gainBorderKm: 0 })).toEqual(['org']);
  });

  it('signs share changes in percentage points', () => {
    expect(pointsChange(0.4948, 0.5026)).toBe('+0.8');
    expect(pointsChange(0.5, 0.495)).toBe('−0.5');
    expect(pointsChange(0.5, 0.5)).toBe('0.0');
    expect(pointsChange(null, 0.5)).toBeNull();
  });

  it('accepts what-if points only where the API does', () => {
    expect(inAnalysisArea(104.8, 23.5)).toBe(true);
    expect(inAnalysisArea(0, 0)).toBe(false);
  });
});
