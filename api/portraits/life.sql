-- 三会一课 and 主题党日 completion for an organisation's subtree this year against the required
-- frequency, totals per kind: the same figures as summing life_completion (migrations/0009) over
-- the subtree (life-orgs.sql, the drill-down behind a bar, does that), read from the tallies
-- (migrations/0011) so that a 100,000-organisation tree costs no more than a branch. Periods owed
-- come from the organisations (founding, kind); periods held from life_tally.held (the day of
-- each organisation's first event of a period) for whole days before the as-of day, and from the
-- events of the as-of day itself up to the as-of moment.
-- $1 scope root, $2 own member id, $3 org id, $4 as-of time.
WITH target AS (
  SELECT o.id, o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
     AND $2::bigint IS NULL -- tallies are whole subtrees: not for a member, who sees only themself
), clock AS (
  SELECT y AS year_start, (y + interval '1 year')::date AS year_end, local, d AS today,
         d::timestamp AT TIME ZONE 'Asia/Shanghai' AS today_from
    FROM (SELECT $4::timestamptz AT TIME ZONE 'Asia/Shanghai' AS local,
                 (($4::timestamptz - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date AS d,
                 date_trunc('year', ($4::timestamptz - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date AS y) x
), day_events AS MATERIALIZED (
  -- The as-of day's events so far, found by time (a day's worth), then kept if in the subtree:
  -- the other way round, the planner would walk every event of the subtree.
  SELECT e.* FROM clock c JOIN org_life e ON e.starts_at >= c.today_from AND e.starts_at < $4::timestamptz
), today_events AS (
  SELECT e.org_id, e.kind, o.kind AS org_kind, o.established
    FROM day_events e
    JOIN org o ON o.id = e.org_id
    JOIN target t ON o.path <@ t.path
), holders AS (
  -- Organisations that owe org life, grouped by the day they owe it from this year.
  SELECT greatest(c.year_start, coalesce(o.established, c.year_start)) AS since, count(*)::int AS orgs
    FROM org o JOIN target t ON o.path <@ t.path CROSS JOIN clock c
   WHERE o.kind <> 'committee' AND (o.established IS NULL OR o.established < c.local)
   GROUP BY 1
), windows AS (
  SELECT f.kind, f.period, h.orgs,
         least(date_trunc(f.period, c.local)::date, c.year_end) AS current_start,
         CASE WHEN date_trunc(f.period, h.since)::date = h.since THEN h.since
              ELSE (date_trunc(f.period, h.since)
                    + CASE f.period WHEN 'month' THEN interval '1 month' ELSE interval '3 months' END)::date
         END AS first_start
    FROM holders h CROSS JOIN org_life_frequency f CROSS JOIN clock c
), owed AS (
  SELECT kind, period, min(current_start) AS current_start, sum(orgs)::int AS orgs,
         sum(orgs * greatest(0, (extract(year FROM age(current_start, first_start)) * 12
                                 + extract(month FROM age(current_start, first_start)))::int
                                / CASE period WHEN 'month' THEN 1 ELSE 3 END))::int AS ended
    FROM windows GROUP BY kind, period
), firsts AS (
  -- First events of a period, by day: whole days from the tally, the as-of day from the events.
  SELECT l.kind, l.day, l.held
    FROM life_tally l JOIN target t ON l.org_id = t.id CROSS JOIN clock c
   WHERE l.day >= c.year_start AND l.day < c.today AND l.held <> 0
  UNION ALL
  SELECT e.kind, c.today, count(DISTINCT e.org_id)::int
    FROM today_events e
    CROSS JOIN clock c
    JOIN org_life_frequency f ON f.kind = e.kind
    JOIN life_first l ON l.org_id = e.org_id AND l.kind = e.kind
                     AND l.period = date_trunc(f.period, c.today)::date AND l.first_day = c.today
   WHERE (e.established IS NULL OR e.established < c.local)
     AND life_owed(e.org_kind, e.established, f.period, date_trunc(f.period, c.today)::date)
   GROUP BY e.kind, c.today
)
SELECT w.kind, w.period, w.orgs,
       w.ended + coalesce(sum(h.held) FILTER (WHERE h.day >= w.current_start), 0)::int AS required,
       coalesce(sum(h.held), 0)::int AS held
  FROM owed w
  LEFT JOIN firsts h ON h.kind = w.kind
 GROUP BY w.kind, w.period, w.orgs, w.ended, w.current_start
 ORDER BY w.kind
