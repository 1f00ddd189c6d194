-- Saved coverage plans of organisations in the caller's scope, newest first, with their headline
-- figures. $1 scope root, $2 own member id.
SELECT p.id, p.name, p.run_id AS "runId", p.org_id AS "orgId", o.name AS "orgName", p.created_at AS "createdAt",
       r.params ->> 'date' AS date,
       (r.result -> 'sites' ->> 'share')::float8 AS "sitesShare",
       (r.result -> 'border' ->> 'share')::float8 AS "borderShare"
  FROM coverage_plan p JOIN org o ON o.id = p.org_id JOIN coverage_run r ON r.id = p.run_id
 WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
 ORDER BY p.created_at DESC, p.id DESC
 LIMIT 200
