-- Zone without members (DESIGN §5): a zone active on asOf's date with nobody assigned; two weeks
-- to assign someone. $1 asOf.
WITH t AS (
  SELECT ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS today
)
SELECT 'zone_no_members'::text AS rule, 'zone'::text AS subject_kind, z.id::bigint AS subject_id,
       ''::text AS topic, z.org_id::bigint AS org_id,
       jsonb_build_object('zoneName', z.name) AS figure,
       'warning'::text AS severity,
       t.today + 14 AS due
  FROM zone z
 CROSS JOIN t
 WHERE z.valid_from <= t.today
   AND (z.valid_to IS NULL OR z.valid_to >= t.today)
   AND NOT EXISTS (SELECT 1 FROM zone_member zm WHERE zm.zone_id = z.id)
