-- An organisation's indices from the latest snapshot: its own where it holds org life, else the
-- mean over the organisations below it that do (with each item's mean).
-- $1 scope root, $2 own member id, $3 org id.
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), latest AS (SELECT max(as_of) AS day FROM org_index), subtree AS (
  SELECT i.* FROM org_index i JOIN org o ON o.id = i.org_id JOIN target t ON o.path <@ t.path, latest l
   WHERE i.as_of = l.day
)
SELECT (SELECT day FROM latest) AS "asOf", count(*)::int AS orgs,
       avg(organisation)::real AS organisation, avg(vanguard)::real AS vanguard,
       (SELECT jsonb_object_agg(k, v) FROM (
          SELECT e.key AS k, avg((e.value::text)::real) FILTER (WHERE jsonb_typeof(e.value) = 'number')::real AS v
            FROM subtree s, jsonb_each(s.items->'organisation') e GROUP BY e.key) x) AS "organisationItems",
       (SELECT jsonb_object_agg(k, v) FROM (
          SELECT e.key AS k, avg((e.value::text)::real) FILTER (WHERE jsonb_typeof(e.value) = 'number')::real AS v
            FROM subtree s, jsonb_each(s.items->'vanguard') e GROUP BY e.key) x) AS "vanguardItems"
  FROM subtree
