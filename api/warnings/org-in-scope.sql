-- Whether an organisation is in the caller's scope. $1 scope root, $2 own member id, $3 org id.
SELECT 1 FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
