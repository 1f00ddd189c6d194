-- Warnings the caller may see, paged (or the one warning $9), most pressing first: live before
-- closed, then by severity and due date. Scoped in SQL: by the warning's organisation, and a
-- member sees only warnings about themself or their own terminal.
-- $1 scope root, $2 own member id, $3 organisation (its subtree) or NULL, $4 rule or NULL,
-- $5 states, $6 severity or NULL, $7 page size, $8 offset, $9 warning id or NULL,
-- $10 may see phone numbers (a JT/T 808 terminal number is the SIM's: masked alike).
SELECT w.id, w.rule, w.topic,
       json_build_object('kind', w.subject_kind, 'id', w.subject_id, 'name', s.name) AS subject,
       w.org_id AS "orgId", o.name AS "orgName", w.figure, w.severity, w.due, w.state,
       w.created_at AS "createdAt", w.updated_at AS "updatedAt",
       CASE WHEN w.acknowledged_at IS NOT NULL
            THEN json_build_object('by', au.display_name,
                                   'at', to_char(w.acknowledged_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       END AS acknowledged,
       CASE WHEN w.closed_at IS NOT NULL
            THEN json_build_object('by', cu.display_name,
                                   'at', to_char(w.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       END AS closed,
       count(*) OVER ()::int AS total
  FROM warning w
  JOIN org o ON o.id = w.org_id
  LEFT JOIN app_user au ON au.id = w.acknowledged_by
  LEFT JOIN app_user cu ON cu.id = w.closed_by
 CROSS JOIN LATERAL (
   SELECT CASE w.subject_kind
            WHEN 'org' THEN (SELECT x.name FROM org x WHERE x.id = w.subject_id)
            WHEN 'member' THEN (SELECT x.name FROM member x WHERE x.id = w.subject_id)
            WHEN 'zone' THEN (SELECT x.name FROM zone x WHERE x.id = w.subject_id)
            WHEN 'site' THEN (SELECT x.name FROM site x WHERE x.id = w.subject_id)
            WHEN 'device' THEN (SELECT coalesce(m.name || ' · ', '')
                                       || CASE WHEN $10 THEN d.terminal_id ELSE mask_phone(d.terminal_id) END
                                  FROM device d LEFT JOIN member m ON m.id = d.member_id
                                 WHERE d.id = w.subject_id)
          END AS name
 ) s
 WHERE org_in_scope(o.path, $1::ltree, $2::bigint)
   AND ($2::bigint IS NULL
        OR (w.subject_kind = 'member' AND w.subject_id = $2::bigint)
        OR (w.subject_kind = 'device'
            AND EXISTS (SELECT 1 FROM device d WHERE d.id = w.subject_id AND d.member_id = $2::bigint)))
   AND ($3::bigint IS NULL OR o.path <@ (SELECT f.path FROM org f WHERE f.id = $3::bigint))
   AND ($4::text IS NULL OR w.rule = $4::text)
   AND w.state = ANY ($5::text[])
   AND ($6::text IS NULL OR w.severity = $6::text)
   AND ($9::bigint IS NULL OR w.id = $9::bigint)
 ORDER BY w.state = 'closed', CASE w.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
          w.due NULLS LAST, w.id
 LIMIT $7 OFFSET $8
