-- What each candidate new site would cover, for the recommendations: candidates are the
-- uncovered sites and the centres of the grid cells (optionally only those in one county);
-- a candidate covers an uncovered site within that site's kind's radius and an uncovered border
-- segment within the border radius (sphere metres as in sites.sql). Index-backed on site and
-- border geography.
-- $1 candidates (jsonb [[key, lon, lat], …]), $2 uncovered site ids, $3 radius per site kind
-- (jsonb, metres), $4 largest of those radii, $5 uncovered border segment seqs, $6 border radius.
WITH c AS (
  SELECT x ->> 0 AS key, ST_SetSRID(ST_MakePoint((x ->> 1)::float8, (x ->> 2)::float8), 4326)::geography AS g
    FROM jsonb_array_elements($1::jsonb) x
)
SELECT c.key,
       coalesce((SELECT array_agg(s.id ORDER BY s.id) FROM site s
                  WHERE ST_DWithin(s.geom::geography, c.g, $4::float8, false) AND s.id = ANY($2::bigint[])
                    AND ST_DWithin(s.geom::geography, c.g, (($3::jsonb) ->> s.kind)::float8, false)), '{}') AS sites,
       coalesce((SELECT array_agg(b.seq ORDER BY b.seq) FROM border b
                  WHERE ST_DWithin(b.geom::geography, c.g, $6::float8, false) AND b.seq = ANY($5::int[])), '{}') AS segments
  FROM c
