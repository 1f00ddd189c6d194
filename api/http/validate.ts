import { z } from 'zod';
import { badRequest } from './errors.ts';

/** Parses `value` with `schema`, turning the first issue into a 400 with a readable message. */
export function parse<T extends z.ZodType>(schema: T, value: unknown, what = 'request'): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw badRequest(`invalid ${what}${at}: ${issue?.message ?? 'malformed'}`);
}

/** A positive database id in a path segment. */
export const idParam = z.coerce
  .number({ error: 'id must be a positive integer' })
  .int('id must be a positive integer')
  .positive('id must be a positive integer')
  .max(Number.MAX_SAFE_INTEGER);

/** `bbox=minLon,minLat,maxLon,maxLat` in WGS84 degrees. */
export const bboxParam = z.string().transform((s, ctx) => {
  const parts = s.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers: minLon,minLat,maxLon,maxLat' });
    return z.NEVER;
  }
  const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    ctx.addIssue({ code: 'custom', message: 'bbox is outside -180..180 / -90..90' });
    return z.NEVER;
  }
  if (minLon >= maxLon || minLat >= maxLat) {
    ctx.addIssue({ code: 'custom', message: 'bbox minimum must be below its maximum' });
    return z.NEVER;
  }
  return [minLon, minLat, maxLon, maxLat] as const;
});

/** Query string of a GeoJSON collection endpoint. */
export const collectionQuery = z.object({
  bbox: bboxParam.optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(10_000),
});

/** Page through a list: `page` from 1, `pageSize` up to 500. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** Turns an optional bbox into the four SQL parameters (NULLs mean "no bbox filter"). */
export function bboxValues(bbox: readonly [number, number, number, number] | undefined): (number | null)[] {
  return bbox ? [...bbox] : [null, null, null, null];
}
