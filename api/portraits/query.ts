import { z } from 'zod';

/** Facets of the member structure, each drillable to its members (members.sql). */
export const FACETS = [
  'all',
  'party',
  'status',
  'gender',
  'age',
  'ethnicity',
  'education',
  'partyAge',
  'cadre',
] as const;
export type Facet = (typeof FACETS)[number];

export const ORG_LIFE_KINDS = [
  'branch_congress',
  'committee_meeting',
  'group_meeting',
  'party_lecture',
  'theme_day',
] as const;

/**
 * `asOf=YYYY-MM-DD`: figures as at the end of that Asia/Shanghai day (a report for a past date);
 * absent, or a day not yet over, means now.
 */
export const asOfParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'asOf must be YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00+08:00`)), 'asOf is not a calendar day')
  .transform((s) => {
    const end = new Date(Date.parse(`${s}T00:00:00+08:00`) + 86_400_000);
    return end.getTime() > Date.now() ? new Date() : end;
  });

export const portraitQuery = z.object({ asOf: asOfParam.optional() });

export const drillMembersQuery = z.object({
  asOf: asOfParam.optional(),
  facet: z.enum(FACETS).default('all'),
  key: z.string().max(40).default(''),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const drillEventsQuery = z.object({
  asOf: asOfParam.optional(),
  kind: z.enum(ORG_LIFE_KINDS).optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM')
    .optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const lifeOrgsQuery = z.object({ asOf: asOfParam.optional(), kind: z.enum(ORG_LIFE_KINDS) });

/** The Asia/Shanghai calendar day of a moment, 'YYYY-MM-DD'. */
export function shanghaiDay(t: Date): string {
  return new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
