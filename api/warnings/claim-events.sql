-- Claims up to $1 undelivered warning events that are due, oldest first, for delivery by this
-- process: the lease ($2 seconds) moves their next attempt ahead, so another deliverer neither
-- takes them now (SKIP LOCKED passes over rows being claimed) nor while the requests run. A crash
-- mid-delivery lets the lease run out and the events go again (at least once). Events that used
-- up $3 attempts stay undelivered. Returns each with its warning as the webhook sends it.
WITH claimed AS (
  UPDATE warning_event e
     SET next_attempt_at = now() + make_interval(secs => $2)
   WHERE e.id IN (SELECT id FROM warning_event
                   WHERE delivered_at IS NULL AND attempts < $3 AND next_attempt_at <= now()
                   ORDER BY id
                   LIMIT $1
                   FOR UPDATE SKIP LOCKED)
  RETURNING e.id, e.warning_id, e.kind, e.at, e.attempts
)
SELECT c.id, c.kind, c.attempts,
       to_char(c.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
       json_build_object('id', w.id, 'rule', w.rule, 'topic', w.topic,
                         'subject', json_build_object('kind', w.subject_kind, 'id', w.subject_id),
                         'orgId', w.org_id, 'figure', w.figure, 'severity', w.severity, 'due', w.due,
                         'state', w.state) AS warning
  FROM claimed c
  JOIN warning w ON w.id = c.warning_id
 ORDER BY c.id
