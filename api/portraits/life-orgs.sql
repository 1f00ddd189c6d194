-- 三会一课 and 主题党日 completion for an organisation's subtree this year against the required
-- frequency (see life_completion in migrations/0009), per organisation when $5 names a kind: the
-- drill-down behind a completion bar, which sums to life.sql's totals (or totals per kind when
-- $5 is NULL, as the tests check).
-- $1 scope root, $2 own member id, $3 org id, $4 as-of time, $5 kind (NULL: totals per kind).
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), per_org AS (
  SELECT l.*, o.name, o.path
    FROM target t
   CROSS JOIN LATERAL life_completion(t.path, $4::timestamptz, $5::text) l
    JOIN org o ON o.id = l.org_id
   WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
)
SELECT kind, period,
       CASE WHEN $5::text IS NOT NULL THEN org_id END AS "orgId",
       CASE WHEN $5::text IS NOT NULL THEN min(name) END AS "orgName",
       count(*)::int AS orgs,
       sum(ended + held_current::int)::int AS required,
       sum(held_ended + held_current::int)::int AS held,
       CASE WHEN $5::text IS NOT NULL THEN min(to_json(held_periods)::text)::json END AS "heldPeriods"
  FROM per_org
 GROUP BY kind, period, CASE WHEN $5::text IS NOT NULL THEN org_id END
 ORDER BY CASE WHEN $5::text IS NOT NULL THEN min(path::text) END, kind
