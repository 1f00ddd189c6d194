-- 党员队伍 trends of an organisation's subtree: per month of the 12 up to $4's month, the members
-- admitted (joined_date: new 预备党员) and those who became full (转正, full_date).
-- $1 scope root, $2 own member id, $3 org id, $4 as-of date.
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), months AS (
  SELECT generate_series(date_trunc('month', $4::date) - interval '11 months', date_trunc('month', $4::date), interval '1 month')::date AS month
), m AS (
  SELECT date_trunc('month', m.joined_date)::date AS joined, date_trunc('month', m.full_date)::date AS became_full
    FROM member m JOIN org o ON o.id = m.org_id JOIN target t ON o.path <@ t.path
   WHERE member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
     AND (m.joined_date >= $4::date - 400 OR m.full_date >= $4::date - 400)
)
SELECT to_char(x.month, 'YYYY-MM') AS month,
       (SELECT count(*) FROM m WHERE m.joined = x.month)::int AS admitted,
       (SELECT count(*) FROM m WHERE m.became_full = x.month)::int AS "becameFull"
  FROM months x
 ORDER BY x.month
