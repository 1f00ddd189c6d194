-- One joint point in scope with its partners, linked organisations and distance to the border.
-- $1 scope root, $2 own member id, $3 joint point id.
SELECT j.id, j.name, j.county_code AS "countyCode", a.name AS "countyName", j.established, j.description,
       ST_AsGeoJSON(j.geom, 6)::json AS geometry,
       (SELECT round(min(ST_Distance(j.geom::geography, b.geom::geography))::numeric / 1000, 2)::float8
          FROM border b) AS "borderDistanceKm",
       (SELECT json_agg(json_build_object('kind', p.partner_kind, 'name', p.partner_name) ORDER BY p.partner_name)
          FROM joint_point_partner p WHERE p.joint_point_id = j.id) AS partners,
       (SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.id)
          FROM joint_point_org jo JOIN org o ON o.id = jo.org_id
         WHERE jo.joint_point_id = j.id AND org_in_scope(o.path, $1::ltree, $2::bigint)) AS orgs
  FROM joint_point j
  JOIN admin_area a ON a.code = j.county_code
 WHERE j.id = $3
   AND EXISTS (SELECT 1 FROM joint_point_org jo JOIN org o ON o.id = jo.org_id
                WHERE jo.joint_point_id = j.id AND org_in_scope(o.path, $1::ltree, $2::bigint))
