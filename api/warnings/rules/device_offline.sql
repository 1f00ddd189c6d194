-- Device offline (DESIGN §5): a terminal bound to a member and silent at asOf for longer than its
-- own threshold (`device.offline_after`, default 24 h); a terminal never heard counts from its
-- registration. On the member's organisation, so the scoped lists find it. The threshold is at least
-- an hour, longer than the online window (terminal_online(), migration 0013): a terminal named
-- here is never online, which the last condition states. $1 asOf.
WITH t AS (
  SELECT $1::timestamptz AS as_of
)
SELECT 'device_offline'::text AS rule, 'device'::text AS subject_kind, d.id::bigint AS subject_id,
       ''::text AS topic, m.org_id::bigint AS org_id,
       -- Times as UTC ISO strings (like JS toISOString), not in the session's TimeZone.
       jsonb_build_object('lastFixAt', to_char(s.since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                          'hoursSilent', round(extract(epoch FROM t.as_of - s.since) / 3600),
                          'thresholdHours', round(extract(epoch FROM d.offline_after) / 3600)) AS figure,
       'warning'::text AS severity,
       (t.as_of AT TIME ZONE 'Asia/Shanghai')::date AS due
  FROM device d
  JOIN member m ON m.id = d.member_id
 CROSS JOIN t
 CROSS JOIN LATERAL (SELECT coalesce(d.last_fix_at, d.created_at) AS since) s
 WHERE s.since < t.as_of - d.offline_after
   AND NOT terminal_online(d.last_fix_at, t.as_of)
