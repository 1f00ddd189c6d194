-- The organisations directly below one, each with its headline figures for drilling down:
-- Party members and organisations in its subtree, live warnings there, and its latest
-- 组织力 score. Organisations and members come from the subtree tallies (migrations/0011).
-- $1 scope root, $2 own member id, $3 org id.
SELECT c.id, c.name, c.kind, c.star, c.standardised,
       (SELECT coalesce(sum(t.roll), 0) FROM subtree_tally t WHERE t.org_id = c.id AND t.facet = 'orgKind')::int AS orgs,
       (SELECT coalesce(sum(t.party), 0) FROM subtree_tally t WHERE t.org_id = c.id AND t.facet = 'status')::int AS members,
       (SELECT count(*) FROM warning w JOIN org s ON s.id = w.org_id
         WHERE s.path <@ c.path AND w.state <> 'closed')::int AS warnings,
       (SELECT i.organisation FROM org_index i WHERE i.org_id = c.id ORDER BY i.as_of DESC LIMIT 1) AS "index"
  FROM org p
  JOIN org c ON c.parent_id = p.id
 WHERE p.id = $3 AND org_in_scope(p.path, $1::ltree, $2::bigint) AND org_in_scope(c.path, $1::ltree, $2::bigint)
 ORDER BY c.kind, c.name, c.id
