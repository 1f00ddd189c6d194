-- One organisation if it lies in the caller's subtree. $1 scope root, $2 own member id, $3 org id.
SELECT o.id, o.name, o.kind, o.category, o.parent_id AS "parentId", p.name AS "parentName",
       o.county_code AS "countyCode", a.name AS "countyName", o.star, o.standardised,
       o.established, o.term_start AS "termStart", o.term_end AS "termEnd",
       ST_AsGeoJSON(o.geom, 6)::json AS geometry,
       (SELECT count(*) FROM member m WHERE m.org_id = o.id AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint))::int AS "memberCount",
       -- The subtree's tally (migrations/0011), but for a member, who sees only themself.
       CASE WHEN $2::bigint IS NULL
            THEN (SELECT coalesce(sum(t.roll), 0) FROM subtree_tally t WHERE t.org_id = o.id AND t.facet = 'status')
            ELSE (SELECT count(*) FROM member m JOIN org s ON s.id = m.org_id
                   WHERE s.path <@ o.path AND member_in_scope(s.path, m.id, $1::ltree, $2::bigint))
       END::int AS "subtreeMemberCount",
       (SELECT count(*) FROM org s WHERE s.parent_id = o.id)::int AS "childCount",
       (SELECT count(*) FROM zone z WHERE z.org_id = o.id)::int AS "zoneCount",
       (SELECT count(*) FROM joint_point_org j WHERE j.org_id = o.id)::int AS "jointPointCount",
       o.is_demo AS "isDemo"
  FROM org o
  LEFT JOIN org p ON p.id = o.parent_id
  LEFT JOIN admin_area a ON a.code = o.county_code
 WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
