-- Device offline warnings (DESIGN §5): one open warning per bound terminal silent for longer than
-- its own threshold (`device.offline_after`, default 24 h), on the member's organisation so the
-- scoped warning lists find it; closed again once the terminal is heard. Idempotent.
WITH silent AS (
  SELECT d.id, m.org_id, coalesce(d.last_fix_at, d.created_at) AS since, d.offline_after
    FROM device d
    JOIN member m ON m.id = d.member_id
   WHERE coalesce(d.last_fix_at, d.created_at) < now() - d.offline_after
),
opened AS (
  INSERT INTO warning (rule, subject_kind, subject_id, org_id, figure, severity, due)
  SELECT 'device_offline', 'device', s.id, s.org_id,
         jsonb_build_object('lastFixAt', s.since,
                            'hoursSilent', round(extract(epoch FROM now() - s.since) / 3600),
                            'thresholdHours', round(extract(epoch FROM s.offline_after) / 3600)),
         'warning', (now() AT TIME ZONE 'Asia/Shanghai')::date
    FROM silent s
  ON CONFLICT (rule, subject_kind, subject_id) DO UPDATE
     SET figure = EXCLUDED.figure,
         state = CASE WHEN warning.state = 'closed' THEN 'open' ELSE warning.state END,
         due = CASE WHEN warning.state = 'closed' THEN EXCLUDED.due ELSE warning.due END
  RETURNING 1
),
closed AS (
  UPDATE warning w SET state = 'closed'
   WHERE w.rule = 'device_offline' AND w.state <> 'closed'
     AND NOT EXISTS (SELECT 1 FROM silent s WHERE s.id = w.subject_id)
  RETURNING 1
)
SELECT (SELECT count(*) FROM opened)::int AS open, (SELECT count(*) FROM closed)::int AS closed
