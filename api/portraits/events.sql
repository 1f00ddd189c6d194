-- The org-life events behind a figure of the portrait, newest first: this year's events of the
-- subtree, optionally of one kind and one month, each with its attendance counts (kept on the
-- event by a trigger, migrations/0011).
-- $1 scope root, $2 own member id, $3 org id, $4 as-of time, $5 kind or NULL, $6 'YYYY-MM' or
-- NULL, $7 limit, $8 offset.
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), clock AS (
  SELECT $4::timestamptz AS as_of,
         make_timestamptz(extract(year FROM d)::int, 1, 1, 0, 0, 0, 'Asia/Shanghai') AS year_from
    FROM (SELECT (($4::timestamptz - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date AS d) x
)
SELECT e.id, e.kind, e.title, e.starts_at AS "startsAt", e.ends_at AS "endsAt", e.place_name AS "placeName",
       e.org_id AS "orgId", o.name AS "orgName",
       e.recorded, e.present, e.beidou,
       count(*) OVER ()::int AS total
  FROM org_life e
  JOIN org o ON o.id = e.org_id
  JOIN target t ON o.path <@ t.path
 CROSS JOIN clock c
 WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
   AND e.starts_at >= c.year_from AND e.starts_at < c.as_of
   AND ($5::text IS NULL OR e.kind = $5)
   AND ($6::text IS NULL OR to_char(life_period('month', e.starts_at), 'YYYY-MM') = $6)
 ORDER BY e.starts_at DESC, e.id
 LIMIT $7 OFFSET $8
