-- The national border in 1 km segments, each with its kilometre marks and county. Public.
-- $1 z, $2 x, $3 y.
SELECT b.seq AS fid, b.seq, b.from_km AS "fromKm", b.to_km AS "toKm", b.county_code::text AS "countyCode",
       ST_Simplify(ST_Transform(b.geom, 3857), tile_pixel_m($1)) AS geom
  FROM border b
 WHERE b.geom && tile_bbox_4326($1, $2, $3)
