-- Marks attendance by hand for members of the event's organisation; a manual mark replaces a
-- BeiDou one (the secretary knows better: a leave, a fix at the gate). Members of other
-- organisations are left out and counted by the route. $1 scope root, $2 own member id, $3 event
-- id, $4 member ids, $5 statuses (same order), $6 user.
INSERT INTO attendance (org_life_id, member_id, status, source, recorded_by, recorded_at)
SELECT e.id, r.member_id, r.status, 'manual', $6, now()
  FROM org_life e
  JOIN org o ON o.id = e.org_id
  JOIN unnest($4::bigint[], $5::text[]) AS r (member_id, status) ON true
  JOIN member m ON m.id = r.member_id AND m.org_id = e.org_id AND m.status IN ('full', 'probationary')
 WHERE e.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
ON CONFLICT (org_life_id, member_id) DO UPDATE
   SET status = EXCLUDED.status, source = 'manual', recorded_by = EXCLUDED.recorded_by, recorded_at = now()
RETURNING member_id
