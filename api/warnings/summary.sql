-- Counts of the live (open or acknowledged) warnings the caller may see, by rule and severity, and
-- per organisation its own (not its subtree's: badges on the map's organisations).
-- $1 scope root, $2 own member id, $3 organisation (its subtree) or NULL. Scoped as list.sql.
WITH live AS (
  SELECT w.rule, w.severity, w.org_id
    FROM warning w
    JOIN org o ON o.id = w.org_id
   WHERE w.state <> 'closed'
     AND org_in_scope(o.path, $1::ltree, $2::bigint)
     AND ($2::bigint IS NULL
          OR (w.subject_kind = 'member' AND w.subject_id = $2::bigint)
          OR (w.subject_kind = 'device'
              AND EXISTS (SELECT 1 FROM device d WHERE d.id = w.subject_id AND d.member_id = $2::bigint)))
     AND ($3::bigint IS NULL OR o.path <@ (SELECT f.path FROM org f WHERE f.id = $3::bigint))
)
SELECT (SELECT count(*) FROM live)::int AS total,
       (SELECT json_build_object('info', count(*) FILTER (WHERE severity = 'info'),
                                 'warning', count(*) FILTER (WHERE severity = 'warning'),
                                 'critical', count(*) FILTER (WHERE severity = 'critical'))
          FROM live) AS "bySeverity",
       coalesce((SELECT json_agg(r ORDER BY r.rule)
                   FROM (SELECT rule, count(*)::int AS total,
                                count(*) FILTER (WHERE severity = 'info')::int AS info,
                                count(*) FILTER (WHERE severity = 'warning')::int AS warning,
                                count(*) FILTER (WHERE severity = 'critical')::int AS critical
                           FROM live GROUP BY rule) r), '[]'::json) AS "byRule",
       coalesce((SELECT json_agg(b ORDER BY b."orgId")
                   FROM (SELECT org_id AS "orgId", count(*)::int AS open,
                                count(*) FILTER (WHERE severity = 'critical')::int AS critical
                           FROM live GROUP BY org_id) b), '[]'::json) AS "byOrg"
