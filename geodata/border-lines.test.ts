/**
 * One border, drawn once: every committed layer that draws the China–Vietnam border along the
 * prefecture (county and prefecture outlines, the context layer's countries and province, the
 * simplified outlines of the county filter) must run along the border line of border.geojson.
 * The gap is measured geodesically, both ways, every 50 m (gaps.ts). The tiles drawn from these
 * files are measured by test/api/border-lines.test.ts.
 */
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { describe, expect, it } from 'vitest';
import { borderGap, type Gap, outerEdges } from './gaps.ts';
import { type Part, partsOf, ringsOf, type XY } from './geometry.ts';
import { outlineCollection } from './outlines.ts';

/** The goal of issue 16: the drawn border lines lie within 50 m of each other. */
const GOAL_M = 50;

type Area = Polygon | MultiPolygon;
const read = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T;

const border = read<FeatureCollection<LineString>>('./border.geojson').features[0]?.geometry.coordinates as XY[];
const admin = read<FeatureCollection<Area, { level: string; name: string }>>('./admin_areas.geojson').features;
const context = read<FeatureCollection<Area, { name: string; kind: string }>>('./context.geojson').features;
const outlines = feature(
  read<Topology>('./admin_outlines.topojson'),
  outlineCollection(read<Topology>('./admin_outlines.topojson')),
) as FeatureCollection<Area, { level: string }>;

const partsOfFeature = (f: Feature<Area>): Part[] => partsOf(f.geometry);
/** County lines along the border: the counties' outer edges (their shared edges meet it, they do not follow it). */
const countyEdges = (features: Feature<Area, { level: string }>[]) =>
  outerEdges(features.filter((f) => f.properties.level === 'county').flatMap((f) => ringsOf(partsOfFeature(f))));
const named = (name: string) => {
  const f = context.find((c) => c.properties.name === name);
  if (!f) throw new Error(`${name} missing from context.geojson`);
  return ringsOf(partsOfFeature(f));
};

/** Every drawn rendition of the border, by what draws it. */
const drawn: [string, () => XY[][]][] = [
  ['county outlines (admin_areas.geojson)', () => countyEdges(admin)],
  [
    'prefecture outline (admin_areas.geojson)',
    () => admin.filter((f) => f.properties.level === 'prefecture').flatMap((f) => ringsOf(partsOfFeature(f))),
  ],
  ['China (context.geojson)', () => named('中国')],
  ['Vietnam (context.geojson)', () => named('越南')],
  ['云南省 (context.geojson)', () => named('云南省')],
  ['county filter outlines (admin_outlines.topojson)', () => countyEdges(outlines.features)],
];

describe('the drawn border lines', () => {
  it('measure a border of the expected length', () => {
    // 272 km at 50 m: thousands of samples, so the gaps below are a dense measure.
    expect(border.length).toBeGreaterThan(1_000);
  });

  for (const [what, lines] of drawn) {
    it(`${what} run within ${GOAL_M} m of the border line, both ways`, () => {
      const gap: Gap = borderGap(border, lines());
      expect(gap.samples.coverage).toBeGreaterThan(5_000);
      expect(gap.samples.fidelity).toBeGreaterThan(3_000);
      const at = gap.coverageM >= gap.fidelityM ? gap.coverageAt : gap.fidelityAt;
      expect(gap.maxM, `largest gap ${gap.maxM.toFixed(0)} m at ${at?.join(', ')}`).toBeLessThan(GOAL_M);
    }, 60_000);
  }
});
