-- Whether a member exists within the caller's scope (a terminal may be bound to it).
-- $1 scope root, $2 own member id, $3 member id.
SELECT m.id FROM member m JOIN org o ON o.id = m.org_id
 WHERE m.id = $3 AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
