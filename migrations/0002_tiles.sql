-- Up Migration

-- What ST_AsMVTGeom does, in functions every PostGIS has: the embedded engine (PGlite) is built
-- without protobuf-c, so its ST_AsMVTGeom/ST_AsMVT raise an error. `g` is in EPSG:3857.
-- Steps: clip to the tile grown by `buffer` pixels (so strokes and labels cross tile edges
-- cleanly), move to tile pixels with y pointing down, snap to the integer grid with GEOS's
-- ReducePrecision (which keeps polygons valid, unlike SnapToGrid), and orient polygon rings as
-- MVT 2.1 wants: exterior rings clockwise on screen, i.e. counter-clockwise in these y-down
-- numbers as PostGIS reads them.
CREATE FUNCTION tile_geom(g geometry, z int, x int, y int, extent int DEFAULT 4096, buffer int DEFAULT 64)
RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN ST_IsEmpty(t.g) THEN NULL ELSE t.g END
    FROM (
      SELECT ST_ForcePolygonCCW(ST_ReducePrecision(
               ST_Affine(ST_ClipByBox2D(g, ST_Expand(env, buffer * size / extent)),
                         extent / size, 0, 0, -extent / size,
                         -ST_XMin(env) * extent / size, ST_YMax(env) * extent / size),
               1)) AS g
        FROM (SELECT ST_TileEnvelope(z, x, y) AS env,
                     ST_XMax(ST_TileEnvelope(z, x, y)) - ST_XMin(ST_TileEnvelope(z, x, y)) AS size) e
    ) t
$$;

-- A tile's bounds grown by `buffer` pixels, in EPSG:4326 for the GiST indexes on the geom columns.
-- Web Mercator maps lon/lat rectangles to rectangles, so transforming the four corners is exact.
CREATE FUNCTION tile_bbox_4326(z int, x int, y int, extent int DEFAULT 4096, buffer int DEFAULT 64)
RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_Transform(ST_TileEnvelope(z, x, y, margin => buffer::float8 / extent), 4326)
$$;

-- The size of one tile pixel (1/4096 of a tile) in Web Mercator metres at zoom z: the tolerance
-- for simplifying before snapping to that same grid.
CREATE FUNCTION tile_pixel_m(z int) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT 40075016.685578488 / (4096 * 2 ^ z)
$$;

-- One row per cacheable tile layer; writes to its tables bump the version, and the tile cache
-- (tiles/cache.ts) compares versions, so every API node sees a change at its next request.
CREATE TABLE tile_layer_version (
  layer      text PRIMARY KEY,
  version    bigint NOT NULL DEFAULT 1,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO tile_layer_version (layer) VALUES ('admin_areas'), ('admin_labels'), ('border');

CREATE FUNCTION bump_tile_layers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tile_layer_version SET version = version + 1, changed_at = now() WHERE layer = ANY (TG_ARGV);
  RETURN NULL;
END
$$;

CREATE TRIGGER admin_area_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON admin_area
  FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layers('admin_areas', 'admin_labels');
CREATE TRIGGER border_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON border
  FOR EACH STATEMENT EXECUTE FUNCTION bump_tile_layers('border');

-- Down Migration

DROP TRIGGER border_tiles ON border;
DROP TRIGGER admin_area_tiles ON admin_area;
DROP FUNCTION bump_tile_layers();
DROP TABLE tile_layer_version;
DROP FUNCTION tile_pixel_m(int);
DROP FUNCTION tile_bbox_4326(int, int, int, int, int);
DROP FUNCTION tile_geom(geometry, int, int, int, int, int);
