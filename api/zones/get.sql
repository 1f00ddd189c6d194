-- One zone in scope, with its assigned members (masked names are not needed: names are not personal
-- identifiers here, phone and ID never leave this query). `memberCount` counts everyone assigned,
-- an aggregate every reader of the zone may know (the collection gives it too); `members` lists
-- only those the caller may see (a member: themself, if assigned). $1 root, $2 own member id,
-- $3 zone id.
SELECT z.id, z.name, z.kind, z.org_id AS "orgId", o.name AS "orgName",
       z.valid_from AS "validFrom", z.valid_to AS "validTo", z.version,
       ST_AsGeoJSON(z.geom, 6)::json AS geometry,
       round((ST_Area(z.geom::geography) / 1e6)::numeric, 3)::float8 AS "areaKm2",
       (SELECT count(*) FROM zone_member zm WHERE zm.zone_id = z.id)::int AS "memberCount",
       coalesce((SELECT json_agg(json_build_object('id', m.id, 'name', m.name, 'duty', zm.duty) ORDER BY zm.duty, m.id)
                   FROM zone_member zm JOIN member m ON m.id = zm.member_id JOIN org mo ON mo.id = m.org_id
                  WHERE zm.zone_id = z.id AND member_in_scope(mo.path, m.id, $1::ltree, $2::bigint)), '[]'::json) AS members
  FROM zone z
  JOIN org o ON o.id = z.org_id
 WHERE z.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
