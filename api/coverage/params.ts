import { z } from 'zod';
import { idParam } from '../http/validate.ts';

export const SITE_KINDS = [
  'tobacco_station',
  'purchase_point',
  'village_committee',
  'retail_terminal',
  'border_post',
] as const;
export const ZONE_KINDS = ['responsibility', 'border_defence', 'grid'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** Defaults of DESIGN §5: a site within 5 km of an organisation, the border within 10 km of a joint point. */
export const DEFAULTS = { siteRadiusKm: 5, borderRadiusKm: 10, cellKm: 2.5, k: 3, weightBorderKm: 1 } as const;

const km = (max: number) =>
  z
    .number({ error: 'must be a number of kilometres' })
    .positive('must be more than 0 km')
    .max(max, `must be at most ${max} km`);
const lonLat = z.tuple([z.number().min(97).max(112), z.number().min(18).max(30)], {
  error: 'must be [lon, lat] in Yunnan and its neighbours',
});

/** The body of `POST /api/coverage` (DESIGN §9), every field optional. */
export const coverageBody = z
  .object({
    org: idParam.optional(),
    /** One radius for every site kind, or one per kind (missing kinds take the default). */
    siteRadiusKm: z.union([km(50), z.partialRecord(z.enum(SITE_KINDS), km(50))]).optional(),
    borderRadiusKm: km(100).optional(),
    /** Zone kinds that cover sites (and, for border_defence, the border); default all. */
    zoneKinds: z.array(z.enum(ZONE_KINDS)).max(ZONE_KINDS.length).optional(),
    /** Site kinds analysed; default all. */
    siteKinds: z.array(z.enum(SITE_KINDS)).min(1).max(SITE_KINDS.length).optional(),
    /** What was active on this day (Asia/Shanghai); default today. */
    date: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional(),
    cellKm: km(20).min(0.5, 'must be at least 0.5 km').optional(),
    k: z.number().int('must be a whole number').min(0).max(100, 'must be at most 100').optional(),
    weightBorderKm: z.number().min(0).max(1000).optional(),
    /** Restrict recommended sites to one county (GB/T 2260 code). */
    county: z
      .string()
      .regex(/^\d{6}$/, 'must be a six-digit county code')
      .optional(),
    /** What-if: organisations and joint points not stored, counted as if they were. */
    hypothetical: z
      .object({ orgs: z.array(lonLat).max(50).default([]), jointPoints: z.array(lonLat).max(50).default([]) })
      .optional(),
    /** Skip the exact optimum even on a small instance (the what-if's quick reruns). */
    exact: z.boolean().optional(),
  })
  .strict();

export type CoverageBody = z.infer<typeof coverageBody>;

/** The parameters of one run, defaults filled in, radii in metres. */
export interface CoverageParams {
  org: number;
  radiusM: Record<SiteKind, number>;
  borderRadiusM: number;
  zoneKinds: string[];
  siteKinds: string[] | null;
  date: string;
  cellM: number;
  k: number;
  weightBorderKm: number;
  county: string | null;
  hypothetical: { orgs: [number, number][]; jointPoints: [number, number][] };
  exact: boolean;
}

export function coverageParams(body: CoverageBody, org: number, today: string): CoverageParams {
  const radius = body.siteRadiusKm ?? DEFAULTS.siteRadiusKm;
  const radiusM = Object.fromEntries(
    SITE_KINDS.map((kind) => [
      kind,
      1000 * (typeof radius === 'number' ? radius : (radius[kind] ?? DEFAULTS.siteRadiusKm)),
    ]),
  ) as Record<SiteKind, number>;
  return {
    org,
    radiusM,
    borderRadiusM: 1000 * (body.borderRadiusKm ?? DEFAULTS.borderRadiusKm),
    zoneKinds: body.zoneKinds ?? [...ZONE_KINDS],
    siteKinds: body.siteKinds ?? null,
    date: body.date ?? today,
    cellM: 1000 * (body.cellKm ?? DEFAULTS.cellKm),
    k: body.k ?? DEFAULTS.k,
    weightBorderKm: body.weightBorderKm ?? DEFAULTS.weightBorderKm,
    county: body.county ?? null,
    hypothetical: {
      orgs: (body.hypothetical?.orgs ?? []) as [number, number][],
      jointPoints: (body.hypothetical?.jointPoints ?? []) as [number, number][],
    },
    exact: body.exact ?? true,
  };
}
