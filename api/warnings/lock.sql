-- One warning the caller may act on, locked until the change commits; scoped as list.sql.
-- $1 scope root, $2 own member id, $3 warning id.
SELECT w.id, w.rule, w.state
  FROM warning w
  JOIN org o ON o.id = w.org_id
 WHERE w.id = $3::bigint
   AND org_in_scope(o.path, $1::ltree, $2::bigint)
   AND ($2::bigint IS NULL
        OR (w.subject_kind = 'member' AND w.subject_id = $2::bigint)
        OR (w.subject_kind = 'device'
            AND EXISTS (SELECT 1 FROM device d WHERE d.id = w.subject_id AND d.member_id = $2::bigint)))
   FOR UPDATE OF w
