-- The caller's organisation subtree, flat, parents before children and siblings by id, with
-- direct member counts.
-- $1 scope root, $2 own member id (members count only themself).
SELECT o.id, o.parent_id AS "parentId", o.name, o.kind, o.category, o.county_code AS "countyCode",
       o.star, nlevel(o.path) - nlevel($1::ltree) AS depth,
       (SELECT count(*) FROM member m WHERE m.org_id = o.id AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint))::int AS "memberCount"
  FROM org o
 WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
 ORDER BY nlevel(o.path), o.id
