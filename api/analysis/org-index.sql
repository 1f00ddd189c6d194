-- Both indices, computed now, for every organisation below committee level in the subtree $1:
-- the 组织力 items and score, and the mean 先锋力 of its members with the mean of each item.
-- $1 subtree root (ltree; '' for the whole tree), $2 as-of time, $3 组织力 weights, $4 先锋力 weights.
WITH items AS (
  SELECT o.org_id, jsonb_build_object(
           'life_completion', o.life_completion, 'theme_day', o.theme_day, 'attendance', o.attendance,
           'term_on_time', o.term_on_time, 'development', o.development, 'zone_coverage', o.zone_coverage,
           'joint_building', o.joint_building, 'warnings_closed', o.warnings_closed,
           'devices_online', o.devices_online, 'data_completeness', o.data_completeness) AS organisation
    FROM organisation_items($1::ltree, $2::timestamptz) o
), members AS (
  SELECT v.org_id, jsonb_build_object('attendance', v.attendance, 'zone_duty', v.zone_duty, 'vanguard', v.vanguard,
                                      'responsibility', v.responsibility, 'online', v.online) AS items
    FROM vanguard_items($1::ltree, $2::timestamptz) v
), vanguard AS (
  SELECT m.org_id, avg(index_score(m.items, $4::jsonb))::real AS score,
         jsonb_build_object(
           'attendance', avg((m.items->>'attendance')::real), 'zone_duty', avg((m.items->>'zone_duty')::real),
           'vanguard', avg((m.items->>'vanguard')::real), 'responsibility', avg((m.items->>'responsibility')::real),
           'online', avg((m.items->>'online')::real)) AS items
    FROM members m GROUP BY m.org_id
)
SELECT i.org_id AS "orgId", index_score(i.organisation, $3::jsonb) AS organisation, v.score AS vanguard,
       jsonb_build_object('organisation', i.organisation, 'vanguard', coalesce(v.items, '{}')) AS items
  FROM items i
  LEFT JOIN vanguard v ON v.org_id = i.org_id
