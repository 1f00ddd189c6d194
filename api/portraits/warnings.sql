-- Live (open or acknowledged) warnings in an organisation's subtree, for its portrait: counts by
-- severity and the most pressing ones. $1 scope root, $2 own member id, $3 org id, $4 list limit.
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), live AS (
  SELECT w.*, o.name AS org_name
    FROM warning w JOIN org o ON o.id = w.org_id JOIN target t ON o.path <@ t.path
   WHERE w.state <> 'closed' AND org_in_scope(o.path, $1::ltree, $2::bigint)
)
SELECT (SELECT count(*) FROM live)::int AS total,
       (SELECT coalesce(json_object_agg(severity, n), '{}') FROM (SELECT severity, count(*)::int AS n FROM live GROUP BY 1) s) AS "bySeverity",
       (SELECT coalesce(json_object_agg(rule, n), '{}') FROM (SELECT rule, count(*)::int AS n FROM live GROUP BY 1) r) AS "byRule",
       (SELECT coalesce(json_agg(json_build_object('id', l.id, 'rule', l.rule, 'topic', l.topic,
                 'subjectKind', l.subject_kind, 'subjectId', l.subject_id, 'orgId', l.org_id, 'orgName', l.org_name,
                 'figure', l.figure, 'severity', l.severity, 'due', l.due, 'state', l.state)), '[]')
          FROM (SELECT * FROM live
                 ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, due NULLS LAST, id
                 LIMIT $4) l) AS items
