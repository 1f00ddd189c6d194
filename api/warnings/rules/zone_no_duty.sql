-- Zone without duty: an active zone with members but no BeiDou duty in the 30 days before asOf —
-- no geofence 'enter' into it in that window and nobody inside at asOf (zone_presence). Info when
-- someone was there before, warning when nobody ever was. A week to act. $1 asOf.
WITH t AS (
  SELECT $1::timestamptz AS as_of,
         ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS today,
         (($1::timestamptz AT TIME ZONE 'Asia/Shanghai') - interval '30 days') AT TIME ZONE 'Asia/Shanghai' AS since
)
SELECT 'zone_no_duty'::text AS rule, 'zone'::text AS subject_kind, z.id::bigint AS subject_id,
       ''::text AS topic, z.org_id::bigint AS org_id,
       jsonb_build_object('lastDutyAt', to_char(last.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                          'members', mc.n) AS figure,
       CASE WHEN last.at IS NULL THEN 'warning' ELSE 'info' END::text AS severity,
       t.today + 7 AS due
  FROM zone z
 CROSS JOIN t
 CROSS JOIN LATERAL (SELECT count(*) AS n FROM zone_member zm WHERE zm.zone_id = z.id) mc
 CROSS JOIN LATERAL (SELECT max(e.at) AS at FROM zone_event e WHERE e.zone_id = z.id AND e.at < t.as_of) last
 WHERE z.valid_from <= t.today
   AND (z.valid_to IS NULL OR z.valid_to >= t.today)
   AND mc.n > 0
   -- Only what had happened by asOf: later events are not evidence at asOf.
   AND NOT EXISTS (SELECT 1 FROM zone_event e
                    WHERE e.zone_id = z.id AND e.kind = 'enter' AND e.at >= t.since AND e.at <= t.as_of)
   AND NOT EXISTS (SELECT 1 FROM zone_presence p WHERE p.zone_id = z.id AND p.entered_at <= t.as_of)
