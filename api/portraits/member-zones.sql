-- The zones a member is assigned to, with their duty; zones of organisations outside the
-- caller's scope are counted without a name. $1 scope root, $2 own member id, $3 member id.
SELECT CASE WHEN org_in_scope(o.path, $1::ltree, $2::bigint) THEN z.id END AS id,
       CASE WHEN org_in_scope(o.path, $1::ltree, $2::bigint) THEN z.name END AS name,
       z.kind, zm.duty,
       CASE WHEN org_in_scope(o.path, $1::ltree, $2::bigint)
            THEN ST_AsGeoJSON(ST_SimplifyPreserveTopology(z.geom, 0.0005), 5)::json END AS geometry
  FROM zone_member zm
  JOIN zone z ON z.id = zm.zone_id
  JOIN org o ON o.id = z.org_id
 WHERE zm.member_id = $3
 ORDER BY z.id
