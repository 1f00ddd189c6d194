-- The caller's scope, which every headline figure names: its root organisation, its kind
-- ('prefecture': the root of the whole tree; 'subtree': an organisation with organisations below;
-- 'branch': one organisation — always so for a member, who sees only their own), the counties it
-- works in (all counties for the prefecture, else those of its organisations: the coverage
-- analysis's rule) and where the map opens for it (its seats and zones).
-- $1 scope root, $2 own member id.
WITH root AS (
  SELECT o.id, o.name, o.parent_id FROM org o WHERE o.path = $1::ltree
), orgs AS (
  SELECT o.id, o.county_code, o.geom FROM org o WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
), kind AS (
  SELECT CASE WHEN $2::bigint IS NOT NULL THEN 'branch'
              WHEN (SELECT parent_id FROM root) IS NULL THEN 'prefecture'
              WHEN (SELECT count(*) FROM orgs) > 1 THEN 'subtree'
              ELSE 'branch' END AS kind
), counties AS (
  SELECT a.code, a.name FROM admin_area a CROSS JOIN kind k
   WHERE a.level = 'county'
     AND (k.kind = 'prefecture' OR a.code IN (SELECT county_code FROM orgs WHERE county_code IS NOT NULL))
), extent AS (
  SELECT ST_Extent(g) AS box
    FROM (SELECT geom AS g FROM orgs WHERE geom IS NOT NULL
          UNION ALL
          SELECT z.geom FROM zone z JOIN orgs o ON o.id = z.org_id) g
)
SELECT r.id AS "orgId", r.name AS "orgName", k.kind, $2::bigint IS NOT NULL AS "self",
       coalesce((SELECT json_agg(json_build_object('code', c.code, 'name', c.name) ORDER BY c.code) FROM counties c),
                '[]'::json) AS counties,
       CASE WHEN e.box IS NOT NULL
            THEN json_build_array(ST_XMin(e.box), ST_YMin(e.box), ST_XMax(e.box), ST_YMax(e.box)) END AS bbox
  FROM root r CROSS JOIN kind k CROSS JOIN extent e
