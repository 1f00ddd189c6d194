-- Binds, unbinds or re-thresholds a terminal the caller may see ($1 scope root, $2 own member
-- id, $3 device id, $4 change the binding, $5 new member id or NULL, $6 offline hours or NULL,
-- $7 unbound terminals visible).
UPDATE device d
   SET member_id = CASE WHEN $4::boolean THEN $5::bigint ELSE d.member_id END,
       offline_after = coalesce(make_interval(hours => $6::int), d.offline_after)
 WHERE d.id = $3
   AND CASE WHEN d.member_id IS NULL THEN $7::boolean
            ELSE EXISTS (SELECT 1 FROM member m JOIN org o ON o.id = m.org_id
                          WHERE m.id = d.member_id AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)) END
RETURNING d.id, d.protocol
