-- 组织体系综合分析 of an organisation's subtree: one row per facet and key, in one scan. The
-- drill-down list (org-list.sql) filters with the same expressions.
-- $1 scope root, $2 own member id, $3 org id, $4 as-of date.
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), o AS (
  SELECT o.kind, o.category, coalesce(o.county_code, 'none') AS county,
         coalesce(o.star::text, 'none') AS star,
         CASE WHEN o.standardised THEN 'yes' ELSE 'no' END AS standardised,
         term_state(o.term_end, $4::date) AS term
    FROM org o JOIN target t ON o.path <@ t.path
   WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
)
SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind' WHEN GROUPING(category) = 0 THEN 'category'
            WHEN GROUPING(county) = 0 THEN 'county' WHEN GROUPING(star) = 0 THEN 'star'
            WHEN GROUPING(standardised) = 0 THEN 'standardised' ELSE 'term' END AS facet,
       coalesce(kind, category, county, star, standardised, term) AS key,
       count(*)::int AS count
  FROM o
 GROUP BY GROUPING SETS ((kind), (category), (county), (star), (standardised), (term))
