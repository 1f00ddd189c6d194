-- The name of a member the caller may see (no row: unknown or out of scope).
-- $1 scope root, $2 own member id, $3 member id.
SELECT m.name
  FROM member m
  JOIN org o ON o.id = m.org_id
 WHERE m.id = $3 AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
