-- One member's org-life attendance over the 12 months before $2, by month (Asia/Shanghai), and
-- the latest events with their status and whether BeiDou filled it in. $1 member id, $2 as-of
-- time; the route has checked that the caller may see the member (get.sql).
WITH rows AS (
  SELECT e.id, e.kind, e.title, e.starts_at, a.status, a.source
    FROM attendance a JOIN org_life e ON e.id = a.org_life_id
   WHERE a.member_id = $1 AND e.starts_at >= $2::timestamptz - interval '12 months' AND e.starts_at < $2::timestamptz
)
SELECT (SELECT coalesce(json_agg(m ORDER BY m.month), '[]') FROM (
          SELECT to_char(life_period('month', starts_at), 'YYYY-MM') AS month, count(*)::int AS recorded,
                 (count(*) FILTER (WHERE status = 'present'))::int AS present,
                 (count(*) FILTER (WHERE status = 'leave'))::int AS leave,
                 (count(*) FILTER (WHERE status = 'absent'))::int AS absent,
                 (count(*) FILTER (WHERE status = 'present' AND source = 'beidou'))::int AS beidou
            FROM rows GROUP BY 1) m) AS "byMonth",
       (SELECT coalesce(json_agg(json_build_object('id', r.id, 'kind', r.kind, 'title', r.title, 'startsAt', r.starts_at,
                                                   'status', r.status, 'source', r.source) ORDER BY r.starts_at DESC), '[]')
          FROM (SELECT * FROM rows ORDER BY starts_at DESC LIMIT 20) r) AS recent
