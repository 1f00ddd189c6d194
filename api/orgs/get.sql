-- One organisation if it lies in the caller's subtree. $1 scope root, $2 own member id, $3 org id.
-- Counts: Party members (正式 + 预备) directly and with the organisations below (the subtree
-- tally's `party`), and everyone on the subtree's roll (`roll`: candidates and activists too, the
-- people the member list pages through). These are aggregates every reader of the organisation
-- may know; a member still sees only their own row in the list (docs/ARCHITECTURE.md).
SELECT o.id, o.name, o.kind, o.category, o.parent_id AS "parentId", p.name AS "parentName",
       o.county_code AS "countyCode", a.name AS "countyName", o.star, o.standardised,
       o.established, o.term_start AS "termStart", o.term_end AS "termEnd",
       ST_AsGeoJSON(o.geom, 6)::json AS geometry,
       (SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.status IN ('full', 'probationary'))::int AS "memberCount",
       (SELECT coalesce(sum(t.party), 0) FROM subtree_tally t WHERE t.org_id = o.id AND t.facet = 'status')::int
         AS "subtreeMemberCount",
       (SELECT coalesce(sum(t.roll), 0) FROM subtree_tally t WHERE t.org_id = o.id AND t.facet = 'status')::int
         AS "subtreeRollCount",
       (SELECT count(*) FROM org s WHERE s.parent_id = o.id)::int AS "childCount",
       (SELECT count(*) FROM zone z WHERE z.org_id = o.id)::int AS "zoneCount",
       (SELECT count(*) FROM joint_point_org j WHERE j.org_id = o.id)::int AS "jointPointCount",
       o.is_demo AS "isDemo"
  FROM org o
  LEFT JOIN org p ON p.id = o.parent_id
  LEFT JOIN admin_area a ON a.code = o.county_code
 WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
