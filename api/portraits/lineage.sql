-- The path from the top of the tree down to an organisation, for drilling up: every ancestor
-- with whether the caller may open it (outside the scope it is shown as text only).
-- $1 scope root, $2 own member id, $3 org id.
SELECT a.id, a.name, a.kind, org_in_scope(a.path, $1::ltree, $2::bigint) AS "inScope"
  FROM org o
  JOIN org a ON o.path <@ a.path
 WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
 ORDER BY nlevel(a.path)
