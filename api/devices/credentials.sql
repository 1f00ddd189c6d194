-- New credentials for a terminal the caller may see; the old ones stop working at once.
-- $1 scope root, $2 own member id, $3 device id, $4 new JT/T 808 auth code or NULL,
-- $5 SHA-256 of the new HTTP token or NULL, $6 unbound terminals visible, $7 SHA-256 of the new
-- NMEA secret or NULL.
UPDATE device d
   SET auth_code = CASE WHEN d.protocol = 'jt808' THEN $4 ELSE d.auth_code END,
       -- A reset JT/T 808 terminal may register once more, and gets the new code then.
       registered_at = CASE WHEN d.protocol = 'jt808' THEN NULL ELSE d.registered_at END,
       token_hash = CASE WHEN d.protocol = 'http' THEN $5::bytea ELSE d.token_hash END,
       secret_hash = CASE WHEN d.protocol = 'nmea' THEN $7::bytea ELSE d.secret_hash END
 WHERE d.id = $3
   AND CASE WHEN d.member_id IS NULL THEN $6::boolean
            ELSE EXISTS (SELECT 1 FROM member m JOIN org o ON o.id = m.org_id
                          WHERE m.id = d.member_id AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)) END
RETURNING d.id, d.protocol
