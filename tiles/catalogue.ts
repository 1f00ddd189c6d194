import { loadSql } from '../api/db/sql.ts';

/** MVT field types, as TileJSON `vector_layers[].fields` names them. */
type FieldType = 'String' | 'Number' | 'Boolean';

/**
 * One tile layer. Its `.sql` (in tiles/layers/) selects the features of one tile with their
 * properties and `geom` in EPSG:3857, not yet clipped; the encoders (tiles/encode.ts) do the rest.
 * Public layers take `$1 z, $2 x, $3 y`; scoped ones `$1 scope root, $2 own member id, $3 z, $4 x, $5 y`.
 */
export interface TileLayer {
  id: string;
  geometry: 'point' | 'line' | 'polygon';
  scope: 'public' | 'scoped';
  minzoom: number;
  maxzoom: number;
  /** Property columns, the only names that reach the encoders' SQL (never request strings). */
  fields: Record<string, FieldType>;
  /** The feature query. */
  sql: string;
  /** Below this zoom the layer's points are counted per grid cell (see {@link aggregateSql}). */
  aggregateBelow?: number;
  /** Personal data: reads are written to the audit log. */
  audited?: boolean;
  /**
   * Changes with every position report, so tiles are built per request and never cached. Other
   * layers are cached per caller scope, checked against `tile_layer_version` (see tiles/cache.ts).
   */
  live?: boolean;
}

const sql = (file: string) => loadSql(import.meta.url, `layers/${file}`);

/** Properties of aggregated tiles. */
export const AGGREGATE_FIELDS: Record<string, FieldType> = { count: 'Number', cluster: 'Boolean' };

/** Every layer the tile server knows, in drawing order (bottom first). */
export const LAYERS: readonly TileLayer[] = [
  {
    id: 'admin_areas',
    geometry: 'polygon',
    scope: 'public',
    minzoom: 0,
    maxzoom: 16,
    fields: { code: 'String', name: 'String', level: 'String' },
    sql: sql('admin_areas.sql'),
  },
  {
    id: 'zones',
    geometry: 'polygon',
    scope: 'scoped',
    minzoom: 0,
    maxzoom: 16,
    fields: { id: 'Number', name: 'String', kind: 'String', orgId: 'Number', orgName: 'String' },
    sql: sql('zones.sql'),
  },
  {
    id: 'border',
    geometry: 'line',
    scope: 'public',
    minzoom: 0,
    maxzoom: 16,
    fields: { seq: 'Number', fromKm: 'Number', toKm: 'Number', countyCode: 'String' },
    sql: sql('border.sql'),
  },
  {
    id: 'sites',
    geometry: 'point',
    scope: 'scoped',
    minzoom: 0,
    maxzoom: 16,
    fields: { id: 'Number', name: 'String', kind: 'String', countyCode: 'String' },
    sql: sql('sites.sql'),
    aggregateBelow: 12,
  },
  {
    id: 'orgs',
    geometry: 'point',
    scope: 'scoped',
    minzoom: 0,
    maxzoom: 16,
    fields: {
      id: 'Number',
      name: 'String',
      kind: 'String',
      star: 'Number',
      countyCode: 'String',
      memberCount: 'Number',
    },
    sql: sql('orgs.sql'),
  },
  {
    id: 'joint_points',
    geometry: 'point',
    scope: 'scoped',
    minzoom: 0,
    maxzoom: 16,
    fields: { id: 'Number', name: 'String', countyCode: 'String', partnerCount: 'Number' },
    sql: sql('joint_points.sql'),
  },
  {
    id: 'members',
    geometry: 'point',
    scope: 'scoped',
    minzoom: 0,
    maxzoom: 16,
    fields: { id: 'Number', name: 'String', orgId: 'Number', time: 'String' },
    sql: sql('members.sql'),
    aggregateBelow: 12,
    audited: true,
    live: true,
  },
  {
    id: 'admin_labels',
    geometry: 'point',
    scope: 'public',
    minzoom: 0,
    maxzoom: 16,
    fields: { code: 'String', name: 'String', level: 'String' },
    sql: sql('admin_labels.sql'),
  },
];

const BY_ID = new Map(LAYERS.map((l) => [l.id, l]));

/** The layer with this id, or undefined; ids come from requests, so this is the whitelist. */
export function findLayer(id: string): TileLayer | undefined {
  return BY_ID.get(id);
}

/** What one request for layer z/x/y runs: the query and the property columns it returns. */
export interface TileQuery {
  layer: TileLayer;
  aggregated: boolean;
  sql: string;
  fields: Record<string, FieldType>;
  /** Parameter numbers of z, x, y in `sql`. */
  zxy: [number, number, number];
  /** Whether the rows carry a feature id column `fid`. */
  hasId: boolean;
}

/**
 * A point layer counted per grid cell: a raw low-zoom tile over a million sites would be
 * megabytes. Cells are 1/16 of the tile (32 screen pixels at 512 px tiles), floored from the
 * tile's own corner; only points inside the tile itself count (no buffer), so each point falls in
 * exactly one tile and cell. The point drawn is the cell's mean position. `p` is MATERIALIZED so
 * the cell filter is not pushed into the feature query: there it wrecks the row estimate (a
 * million sites planned as one row, joined by nested loop: 20 s instead of 1 s at z 8).
 */
function aggregateSql(featureSql: string, [z, x, y]: [number, number, number]): string {
  return `WITH features AS (${featureSql}),
t AS (SELECT ST_TileEnvelope($${z}, $${x}, $${y}) AS env),
p AS MATERIALIZED (SELECT ST_X(f.geom) - ST_XMin(t.env) AS dx, ST_YMax(t.env) - ST_Y(f.geom) AS dy,
             ST_XMax(t.env) - ST_XMin(t.env) AS size, f.geom
        FROM features f, t)
SELECT count(*)::int AS count, true AS cluster,
       ST_SetSRID(ST_MakePoint(avg(ST_X(p.geom)), avg(ST_Y(p.geom))), 3857) AS geom
  FROM p
 WHERE p.dx >= 0 AND p.dx < p.size AND p.dy >= 0 AND p.dy < p.size
 GROUP BY floor(p.dx * 16 / p.size), floor(p.dy * 16 / p.size)`;
}

/** Picks the feature or aggregate query of `layer` for zoom `z`. */
export function tileQuery(layer: TileLayer, z: number): TileQuery {
  const aggregated = layer.aggregateBelow !== undefined && z < layer.aggregateBelow;
  const zxy: [number, number, number] = layer.scope === 'public' ? [1, 2, 3] : [3, 4, 5];
  return {
    layer,
    aggregated,
    sql: aggregated ? aggregateSql(layer.sql, zxy) : layer.sql,
    fields: aggregated ? AGGREGATE_FIELDS : layer.fields,
    zxy,
    hasId: !aggregated,
  };
}
