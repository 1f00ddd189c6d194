-- The subtree an analysis covers: its root (in the caller's scope) and the counties of its
-- organisations, whose border and area are analysed.
-- $1 scope root, $2 own member id, $3 org id.
SELECT o.id, o.name, o.path::text AS path,
       coalesce((SELECT array_agg(DISTINCT s.county_code ORDER BY s.county_code) FROM org s
                  WHERE s.path <@ o.path AND s.county_code IS NOT NULL), '{}') AS counties
  FROM org o
 WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
