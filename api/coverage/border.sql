-- Coverage of the border's 1 km segments in the subtree's counties: a segment is covered when
-- some part of it lies within the radius of a joint point linked to an organisation of the
-- subtree (established by the date; sphere metres as in sites.sql) or of a hypothetical one, or
-- inside an active 强边固防 zone (border_defence) of the subtree.
-- $1 scope root, $2 own member id, $3 org id, $4 radius (metres), $5 date, $6 hypothetical joint
-- points (jsonb [[lon, lat], …]), $7 zone kinds counted (border_defence counts only if listed).
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), counties AS (
  SELECT DISTINCT o.county_code FROM org o JOIN target t ON o.path <@ t.path WHERE o.county_code IS NOT NULL
), hypo AS (
  SELECT ST_SetSRID(ST_MakePoint((h ->> 0)::float8, (h ->> 1)::float8), 4326)::geography AS g
    FROM jsonb_array_elements($6::jsonb) h
)
SELECT b.seq, b.from_km AS "fromKm", b.to_km AS "toKm", b.county_code AS "countyCode",
       j.id AS "jointPointId", round(j.d::numeric, 1)::float8 AS "jointPointM", z.id AS "zoneId",
       (SELECT round(min(ST_Distance(h.g, b.geom::geography, false))::numeric, 1)::float8 FROM hypo h) AS "hypotheticalM",
       (j.id IS NOT NULL OR z.id IS NOT NULL
        OR EXISTS (SELECT 1 FROM hypo h WHERE ST_DWithin(h.g, b.geom::geography, $4::float8, false))) AS covered,
       ST_AsGeoJSON(b.geom, 6)::json AS geometry
  FROM border b
  JOIN counties c ON c.county_code = b.county_code
 CROSS JOIN target t
  LEFT JOIN LATERAL (
    SELECT jp.id, ST_Distance(jp.geom::geography, b.geom::geography, false) AS d
      FROM joint_point jp
     WHERE ST_DWithin(jp.geom::geography, b.geom::geography, $4::float8, false) AND jp.established <= $5::date
       AND EXISTS (SELECT 1 FROM joint_point_org jo JOIN org o ON o.id = jo.org_id
                    WHERE jo.joint_point_id = jp.id AND o.path <@ t.path)
     ORDER BY 2, jp.id LIMIT 1) j ON true
  LEFT JOIN LATERAL (
    SELECT z.id FROM zone z JOIN org zo ON zo.id = z.org_id
     WHERE z.kind = 'border_defence' AND 'border_defence' = ANY($7::text[]) AND ST_Intersects(z.geom, b.geom)
       AND zo.path <@ t.path AND z.valid_from <= $5::date AND (z.valid_to IS NULL OR z.valid_to >= $5::date)
     ORDER BY z.id LIMIT 1) z ON true
 ORDER BY b.seq
