-- Recomputes the warnings of the evaluated rules in one statement (api/warnings/engine.ts). The
-- marker comment inside `hits` is replaced by the rules' SELECTs joined with UNION ALL (the files
-- of api/warnings/rules, never request text). $1 asOf, $2 the evaluated rules, $3 rules whose due
-- date counts from the day their warning opened (kept while it stays live), $4 write outbox events.
WITH hits AS (
/*HITS*/
), upserted AS (
  -- The partial unique index holds one live warning per rule, subject and topic; a closed one is
  -- history, so a new hit after it opens a fresh row. An unchanged hit writes nothing, so running
  -- twice changes nothing the second time.
  INSERT INTO warning AS w (rule, subject_kind, subject_id, topic, org_id, figure, severity, due)
  SELECT h.rule, h.subject_kind, h.subject_id, h.topic, h.org_id, h.figure, h.severity, h.due FROM hits h
  ON CONFLICT (rule, subject_kind, subject_id, topic) WHERE state <> 'closed' DO UPDATE
     SET figure = EXCLUDED.figure,
         severity = EXCLUDED.severity,
         due = CASE WHEN w.rule = ANY ($3::text[]) THEN w.due ELSE EXCLUDED.due END,
         org_id = EXCLUDED.org_id,
         updated_at = now()
   WHERE (w.figure, w.severity, w.org_id) IS DISTINCT FROM (EXCLUDED.figure, EXCLUDED.severity, EXCLUDED.org_id)
      OR (NOT w.rule = ANY ($3::text[]) AND w.due IS DISTINCT FROM EXCLUDED.due)
  -- xmax is 0 on a freshly inserted row and set on one updated in place.
  RETURNING w.id, (w.xmax = 0) AS inserted
), closed AS (
  UPDATE warning w
     SET state = 'closed', closed_at = now(), closed_by = NULL, updated_at = now()
   WHERE w.rule = ANY ($2::text[])
     AND w.state <> 'closed'
     AND NOT EXISTS (SELECT 1 FROM hits h
                      WHERE h.rule = w.rule AND h.subject_kind = w.subject_kind
                        AND h.subject_id = w.subject_id AND h.topic = w.topic)
  RETURNING w.id
), events AS (
  INSERT INTO warning_event (warning_id, kind)
  SELECT id, 'opened' FROM upserted WHERE inserted AND $4::boolean
   UNION ALL
  SELECT id, 'closed' FROM closed WHERE $4::boolean
  RETURNING 1
)
SELECT (SELECT count(*) FROM upserted WHERE inserted)::int AS opened,
       (SELECT count(*) FROM upserted WHERE NOT inserted)::int AS updated,
       (SELECT count(*) FROM closed)::int AS closed,
       (SELECT count(*) FROM events)::int AS events
