-- 组织力 ranking of the organisations in a subtree from the latest snapshot, with the change
-- against the last snapshot of the previous month. $1 scope root, $2 own member id, $3 org id,
-- $4 limit.
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), latest AS (SELECT max(as_of) AS day FROM org_index),
previous AS (SELECT max(as_of) AS day FROM org_index, latest WHERE as_of < date_trunc('month', latest.day)),
ranked AS (
  SELECT i.org_id, o.name, o.kind, i.organisation, i.vanguard, p.organisation AS previous,
         rank() OVER (ORDER BY i.organisation DESC NULLS LAST) AS rank,
         rank() OVER (ORDER BY p.organisation DESC NULLS LAST) AS previous_rank,
         count(*) OVER () AS total
    FROM org_index i
    JOIN latest l ON i.as_of = l.day
    JOIN org o ON o.id = i.org_id
    JOIN target t ON o.path <@ t.path
    LEFT JOIN previous pv ON true
    LEFT JOIN org_index p ON p.org_id = i.org_id AND p.as_of = pv.day
   WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
)
SELECT org_id AS "orgId", name, kind, round(organisation::numeric, 1)::float8 AS organisation,
       round(vanguard::numeric, 1)::float8 AS vanguard, round(previous::numeric, 1)::float8 AS previous,
       round((organisation - previous)::numeric, 1)::float8 AS change, rank::int,
       CASE WHEN previous IS NOT NULL THEN previous_rank::int END AS "previousRank", total::int,
       (SELECT day FROM latest) AS "asOf", (SELECT day FROM previous) AS "previousAsOf"
  FROM ranked
 ORDER BY rank, name
 LIMIT $4
