import type { VectorTileFeatureLike, VectorTileLayerLike } from '@maplibre/vt-pbf';
import { fromVectorTileJs } from '@maplibre/vt-pbf';
import type pg from 'pg';
import type { TileQuery } from './catalogue.ts';

/** MVT extent and buffer, the same for both encoders (and ST_AsMVTGeom's defaults). */
export const EXTENT = 4096;
export const BUFFER = 64;

/** Identifiers come from the layer catalogue only; quoting keeps camelCase names intact. */
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function columns(q: TileQuery, alias: string): string {
  return [...(q.hasId ? ['fid'] : []), ...Object.keys(q.fields)].map((c) => `${alias}.${ident(c)}`).join(', ');
}

/**
 * The PostGIS encoder: the layer's features through ST_AsMVTGeom and ST_AsMVT. One bytea row, or
 * an empty one for an empty tile.
 */
export function mvtSql(q: TileQuery): string {
  const [z, x, y] = q.zxy.map((n) => `$${n}`);
  const idArg = q.hasId ? `, 'fid'` : '';
  return `WITH features AS (${q.sql})
SELECT ST_AsMVT(t, '${q.layer.id}', ${EXTENT}, 'geom'${idArg}) AS mvt
  FROM (SELECT ST_AsMVTGeom(f.geom, ST_TileEnvelope(${z}, ${x}, ${y}), ${EXTENT}, ${BUFFER}, true) AS geom,
               ${columns(q, 'f')}
          FROM features f) t
 WHERE t.geom IS NOT NULL`;
}

/**
 * The portable half of the JS encoder: the same features, clipped and moved to tile pixels by
 * `tile_geom` (migrations/0002_tiles.sql), as GeoJSON in integer tile coordinates.
 */
export function featureSql(q: TileQuery): string {
  const [z, x, y] = q.zxy.map((n) => `$${n}`);
  return `WITH features AS (${q.sql})
SELECT ST_AsGeoJSON(t.geom)::json AS geom, ${columns(q, 't')}
  FROM (SELECT tile_geom(f.geom, ${z}, ${x}, ${y}, ${EXTENT}, ${BUFFER}) AS geom, ${columns(q, 'f')}
          FROM features f) t
 WHERE t.geom IS NOT NULL`;
}

type Position = [number, number];
type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: Geometry[] };

interface XY {
  x: number;
  y: number;
}

/** MVT geometry type and command rings of a GeoJSON geometry (already in tile pixels). */
function toRings(g: Geometry): { type: 1 | 2 | 3; rings: XY[][] } | null {
  const xy = ([x, y]: Position): XY => ({ x, y });
  switch (g.type) {
    case 'Point':
      return { type: 1, rings: [[xy(g.coordinates)]] };
    case 'MultiPoint':
      return { type: 1, rings: [g.coordinates.map(xy)] };
    case 'LineString':
      return { type: 2, rings: [g.coordinates.map(xy)] };
    case 'MultiLineString':
      return { type: 2, rings: g.coordinates.map((l) => l.map(xy)) };
    case 'Polygon':
      return { type: 3, rings: g.coordinates.map((r) => r.map(xy)) };
    case 'MultiPolygon':
      return { type: 3, rings: g.coordinates.flat().map((r) => r.map(xy)) };
    case 'GeometryCollection': {
      // Clipping can leave a polygon plus a sliver line; keep the parts of the richest type,
      // as ST_AsMVTGeom does.
      const parts = g.geometries.map(toRings).filter((p): p is NonNullable<typeof p> => p !== null);
      const type = Math.max(0, ...parts.map((p) => p.type));
      const rings = parts.filter((p) => p.type === type).flatMap((p) => p.rings);
      return type === 0 ? null : { type: type as 1 | 2 | 3, rings };
    }
  }
}

type Row = { geom: Geometry; fid?: number } & Record<string, unknown>;

/** Encodes rows from {@link featureSql} as an MVT layer with @maplibre/vt-pbf. */
export function encodeRows(q: TileQuery, rows: Row[]): Uint8Array {
  const features: VectorTileFeatureLike[] = [];
  for (const row of rows) {
    const shape = toRings(row.geom);
    if (!shape) continue;
    const properties: Record<string, string | number | boolean> = {};
    for (const name of Object.keys(q.fields)) {
      const value = row[name];
      // NULLs are left out, as ST_AsMVT does.
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        properties[name] = value;
      }
    }
    features.push({
      type: shape.type,
      id: q.hasId && typeof row.fid === 'number' ? row.fid : undefined,
      properties,
      extent: EXTENT,
      loadGeometry: () => shape.rings as ReturnType<VectorTileFeatureLike['loadGeometry']>,
    });
  }
  const layer: VectorTileLayerLike = {
    version: 2,
    name: q.layer.id,
    extent: EXTENT,
    length: features.length,
    feature: (i) => features[i] as VectorTileFeatureLike,
  };
  return features.length === 0 ? new Uint8Array(0) : fromVectorTileJs({ layers: { [q.layer.id]: layer } });
}

/** Which encoder builds tiles: PostGIS's own, or the JS one for engines without protobuf-c. */
export type Encoder = 'postgis' | 'js';

/**
 * Builds one tile with the chosen encoder. `params` are the query's parameters in order (scope
 * first for scoped layers, then z, x, y). An empty tile is a zero-length array.
 *
 * `prepared` names the statement so each connection parses it once (the server engine still
 * plans it for each tile's values: plan_cache_mode=force_custom_plan); at z 14 that is ~25 % of
 * a tile's cost. Only for a real server: PGlite runs one backend for every socket connection,
 * where statement names would collide.
 */
export async function buildTile(
  db: Pick<pg.Pool, 'query'>,
  encoder: Encoder,
  q: TileQuery,
  params: unknown[],
  { prepared = false } = {},
): Promise<Uint8Array> {
  const name = prepared ? `tile_${encoder}_${q.layer.id}${q.aggregated ? '_agg' : ''}` : undefined;
  if (encoder === 'postgis') {
    const { rows } = await db.query<{ mvt: Buffer | null }>({ name, text: mvtSql(q), values: params });
    const mvt = rows[0]?.mvt;
    return mvt ? new Uint8Array(mvt.buffer, mvt.byteOffset, mvt.byteLength) : new Uint8Array(0);
  }
  const { rows } = await db.query<Row>({ name, text: featureSql(q), values: params });
  return encodeRows(q, rows);
}
