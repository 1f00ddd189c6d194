-- One coverage run if its organisation lies in the caller's scope. $1 scope root, $2 own member
-- id, $3 run id.
SELECT r.id, r.org_id AS "orgId", r.state, r.progress, r.step, r.params, r.result, r.error,
       r.created_at AS "createdAt", r.finished_at AS "finishedAt"
  FROM coverage_run r JOIN org o ON o.id = r.org_id
 WHERE r.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
