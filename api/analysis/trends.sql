-- 党员队伍 trends of an organisation's subtree: per month of the 12 up to $4's month, the members
-- admitted (joined_date: new 预备党员) and those who became full (转正, full_date), from the
-- subtree tallies by day of admission and of 转正 (migrations/0011).
-- $1 scope root, $2 own member id (the analyses are not for members: none then), $3 org id,
-- $4 as-of date.
WITH target AS (
  SELECT o.id FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint) AND $2::bigint IS NULL
), months AS (
  SELECT generate_series(date_trunc('month', $4::date) - interval '11 months', date_trunc('month', $4::date), interval '1 month')::date AS month
), t AS (
  -- Keys are ISO dates, so the range is an index range.
  SELECT s.facet, date_trunc('month', s.key::date)::date AS month, s.roll
    FROM subtree_tally s JOIN target ON s.org_id = target.id
   WHERE s.facet IN ('joined', 'full') AND s.key >= to_char($4::date - 400, 'YYYY-MM-DD')
)
SELECT to_char(x.month, 'YYYY-MM') AS month,
       coalesce(sum(t.roll) FILTER (WHERE t.facet = 'joined'), 0)::int AS admitted,
       coalesce(sum(t.roll) FILTER (WHERE t.facet = 'full'), 0)::int AS "becameFull"
  FROM months x LEFT JOIN t ON t.month = x.month
 GROUP BY x.month
 ORDER BY x.month
