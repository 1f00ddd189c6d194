-- The organisations behind one figure of the org-system analysis, paged.
-- $1 scope root, $2 own member id, $3 org id, $4 as-of date, $5 facet, $6 key, $7 limit, $8 offset.
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
)
SELECT o.id, o.name, o.kind, o.category, o.county_code AS "countyCode", a.name AS "countyName", o.star,
       o.standardised, o.term_end AS "termEnd", term_state(o.term_end, $4::date) AS "termState",
       p.name AS "parentName", count(*) OVER ()::int AS total
  FROM org o
  JOIN target t ON o.path <@ t.path
  LEFT JOIN org p ON p.id = o.parent_id
  LEFT JOIN admin_area a ON a.code = o.county_code
 WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
   AND CASE $5::text
         WHEN 'all' THEN true
         WHEN 'kind' THEN o.kind = $6
         WHEN 'category' THEN o.category = $6
         WHEN 'county' THEN coalesce(o.county_code, 'none') = $6
         WHEN 'star' THEN coalesce(o.star::text, 'none') = $6
         WHEN 'standardised' THEN (CASE WHEN o.standardised THEN 'yes' ELSE 'no' END) = $6
         WHEN 'term' THEN term_state(o.term_end, $4::date) = $6
         ELSE false END
 ORDER BY o.path
 LIMIT $7 OFFSET $8
