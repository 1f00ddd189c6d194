-- One member's 先锋力 items as of $2 (vanguard_items over their own organisation).
-- $1 member id, $2 as-of time.
SELECT v.attendance, v.zone_duty AS "zone_duty", v.vanguard, v.responsibility, v.online
  FROM member m
  JOIN org o ON o.id = m.org_id
 CROSS JOIN LATERAL vanguard_items(o.path, $2::timestamptz) v
 WHERE m.id = $1 AND v.member_id = m.id
