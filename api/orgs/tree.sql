-- The caller's organisation subtree, flat, parents before children and siblings by id, with
-- each organisation's direct Party members (正式 + 预备; candidates and activists are on the roll
-- but are not Party members). A member sees only their own organisation, and may know its count
-- (docs/ARCHITECTURE.md, Security model), though not the rows behind it.
-- $1 scope root, $2 own member id.
SELECT o.id, o.parent_id AS "parentId", o.name, o.kind, o.category, o.county_code AS "countyCode",
       o.star, nlevel(o.path) - nlevel($1::ltree) AS depth,
       (SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.status IN ('full', 'probationary'))::int AS "memberCount"
  FROM org o
 WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
 ORDER BY nlevel(o.path), o.id
