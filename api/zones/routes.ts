import { Hono } from 'hono';
import { z } from 'zod';
import { readers, requireRole } from '../auth/middleware.ts';
import { scopedQuery } from '../auth/scope.ts';
import { withTransaction } from '../db/database.ts';
import { loadSql } from '../db/sql.ts';
import { scopedCollection, scopedItem } from '../http/collection.ts';
import type { AppDeps, AppEnv } from '../http/env.ts';
import { unprocessable } from '../http/errors.ts';
import { checkVertexCount, polygonFeature } from '../http/geometry.ts';
import { idParam, parse } from '../http/validate.ts';
import { ZONE_RULES } from './rules.ts';

const COLLECTION = loadSql(import.meta.url, 'collection.sql');
const GET = loadSql(import.meta.url, 'get.sql');
const CHECK = loadSql(import.meta.url, 'check.sql');
const INSERT = loadSql(import.meta.url, 'insert.sql');

const ZONE_KINDS = ['responsibility', 'border_defence', 'grid'] as const;
const isoDate = z.iso.date();

/** A new zone: a GeoJSON Feature with a (Multi)Polygon and the zone's attributes. */
const zoneFeature = polygonFeature(
  z.object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(ZONE_KINDS),
    orgId: idParam,
    validFrom: isoDate.optional(),
    validTo: isoDate.optional(),
  }),
);

/** One zone as `get.sql` returns it. */
export interface ZoneDetail {
  id: number;
  name: string;
  kind: (typeof ZONE_KINDS)[number];
  orgId: number;
  orgName: string;
  validFrom: string | null;
  validTo: string | null;
  version: number;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
  areaKm2: number;
  /** Everyone assigned; `members` may list fewer (a member sees only themself). */
  memberCount: number;
  members: { id: number; name: string; duty: 'leader' | 'member' }[];
}

interface CheckRow {
  ownerInScope: boolean;
  valid: boolean;
  reason: string | null;
  location: unknown;
  /** ST_MakeValid's repair of an invalid geometry, offered to the user, never stored. */
  suggestion: unknown;
  areaM2: number | null;
  /** Area outside the owner's county beyond the tolerance; 0 inside. */
  outsideM2: number | null;
  overlapsZone: number | null;
}

const km2 = (m2: number) => (m2 / 1e6).toFixed(m2 < 1e6 ? 4 : 1);

/** Responsibility zones: GeoJSON collection, one zone, and creation with validation. */
export function zoneRoutes({ pool }: AppDeps) {
  return new Hono<AppEnv>()
    .use(readers)
    .get('/', scopedCollection(pool, COLLECTION))
    .get('/:id', scopedItem<ZoneDetail>(pool, GET, 'zone'))
    .post('/', requireRole('admin', 'secretary'), async (c) => {
      const feature = parse(zoneFeature, await c.req.json().catch(() => undefined), 'zone feature');
      checkVertexCount(feature.geometry);
      const p = feature.properties;
      if (p.validFrom && p.validTo && p.validTo < p.validFrom) {
        throw unprocessable('invalid_period', 'validTo is before validFrom');
      }
      const caller = c.get('caller');
      const geometry = JSON.stringify(feature.geometry);
      const created = await withTransaction(pool, async (tx) => {
        const rules = ZONE_RULES;
        const { rows } = await scopedQuery<CheckRow>(tx, caller, CHECK, [
          geometry,
          p.orgId,
          p.kind,
          rules.countyToleranceM,
          rules.maxOverlapM2,
        ]);
        const check = rows[0];
        if (!check?.ownerInScope) throw unprocessable('owner_out_of_scope', `org ${p.orgId} is not in your scope`);
        if (!check.valid) {
          throw unprocessable(
            'invalid_geometry',
            `invalid geometry: ${check.reason}`,
            check.location,
            check.suggestion,
          );
        }
        const area = check.areaM2 ?? 0;
        if (area < rules.minAreaM2 || area > rules.maxAreaM2) {
          throw unprocessable(
            'area_out_of_range',
            `zone area ${km2(area)} km² is outside ${km2(rules.minAreaM2)}–${km2(rules.maxAreaM2)} km²`,
          );
        }
        if ((check.outsideM2 ?? 0) > 0) {
          throw unprocessable(
            'outside_county',
            `zone is not inside its owner's county: ${km2(check.outsideM2 ?? 0)} km² lie outside it, beyond the ${rules.countyToleranceM} m allowed for digitising`,
          );
        }
        if (check.overlapsZone !== null) {
          throw unprocessable(
            'overlap',
            `zone overlaps active zone ${check.overlapsZone} of the same organisation and kind by more than ${rules.maxOverlapM2} m²`,
          );
        }
        const ins = await tx.query<{ id: number; version: number }>(INSERT, [
          geometry,
          p.orgId,
          p.name,
          p.kind,
          p.validFrom ?? null,
          p.validTo ?? null,
          caller.userId,
        ]);
        return ins.rows[0];
      });
      c.header('ETag', `"${created?.version}"`);
      return c.json(created, 201);
    });
}
