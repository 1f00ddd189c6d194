-- Up Migration

-- The items of the two indices (issue 10; formula in docs/INDICES.md, weights in
-- api/analysis/indices.config.ts). Each item is a share in [0, 1], or NULL where it does not
-- apply (no events to attend, no terminal, no linked joint point …): a NULL item drops out and
-- the weights of the others are renormalised. Every figure is taken as of `as_of`, from data
-- dated before it, except devices online and data completeness, which only exist as of now.

-- 组织力指数: one row per organisation below committee level in the subtree `root`.
CREATE FUNCTION organisation_items(root ltree, as_of timestamptz)
RETURNS TABLE (org_id bigint, life_completion real, theme_day real, attendance real, term_on_time real,
               development real, zone_coverage real, joint_building real, warnings_closed real,
               devices_online real, data_completeness real)
LANGUAGE sql STABLE AS $$
  WITH clock AS (SELECT (as_of AT TIME ZONE 'Asia/Shanghai')::date AS today),
  holders AS (
    SELECT o.* FROM org o CROSS JOIN clock c
     WHERE o.path <@ root AND o.kind <> 'committee' AND (o.established IS NULL OR o.established <= c.today)
  ),
  life AS (
    SELECT l.org_id,
           sum(l.held_ended + l.held_current::int) FILTER (WHERE l.kind <> 'theme_day') AS held3,
           sum(l.ended + l.held_current::int) FILTER (WHERE l.kind <> 'theme_day') AS req3,
           sum(l.held_ended + l.held_current::int) FILTER (WHERE l.kind = 'theme_day') AS held_t,
           sum(l.ended + l.held_current::int) FILTER (WHERE l.kind = 'theme_day') AS req_t
      FROM life_completion(root, as_of, NULL) l GROUP BY l.org_id
  ),
  -- Events of the last 12 months and their attendance.
  recent AS (
    SELECT e.* FROM org_life e JOIN holders h ON h.id = e.org_id
     WHERE e.starts_at >= as_of - interval '12 months' AND e.starts_at < as_of
  ),
  att AS (
    SELECT e.org_id, count(a.member_id) AS recorded, count(*) FILTER (WHERE a.status = 'present') AS present
      FROM recent e JOIN attendance a ON a.org_life_id = e.id GROUP BY e.org_id
  ),
  mem AS (
    SELECT m.org_id,
           count(*) FILTER (WHERE m.status IN ('full', 'probationary')) AS party,
           count(*) FILTER (WHERE m.status = 'probationary') AS probationary,
           count(*) FILTER (WHERE m.status = 'probationary'
                              AND m.joined_date + interval '1 year' < (SELECT today FROM clock)) AS overdue,
           count(*) FILTER (WHERE m.status IN ('candidate', 'activist')) AS pipeline,
           count(*) FILTER (WHERE m.status IN ('full', 'probationary') AND EXISTS (
             SELECT 1 FROM zone_member zm JOIN zone z ON z.id = zm.zone_id
              WHERE zm.member_id = m.id AND z.valid_from <= (SELECT today FROM clock)
                AND (z.valid_to IS NULL OR z.valid_to >= (SELECT today FROM clock)))) AS in_zone,
           avg(((m.phone IS NOT NULL)::int + (m.id_number IS NOT NULL)::int
                + (m.ethnicity <> '')::int + (m.education IS NOT NULL)::int) / 4.0) AS complete
      FROM member m JOIN holders h ON h.id = m.org_id GROUP BY m.org_id
  ),
  -- Joint-building activity: events held within 1 km (geodesic) of a joint point the org is linked to.
  jp AS (
    SELECT jo.org_id, count(DISTINCT e.id) AS activities
      FROM joint_point_org jo
      JOIN holders h ON h.id = jo.org_id
      JOIN joint_point j ON j.id = jo.joint_point_id
      LEFT JOIN recent e ON e.org_id = jo.org_id AND e.geom IS NOT NULL
                        AND ST_DWithin(e.geom::geography, j.geom::geography, 1000)
     GROUP BY jo.org_id
  ),
  -- Warnings due in the last 12 months, and how many were closed by the end of their due day.
  warn AS (
    SELECT w.org_id, count(*) AS due,
           count(*) FILTER (WHERE w.closed_at IS NOT NULL AND w.closed_at <= as_of
                              AND (w.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= w.due) AS on_time
      FROM warning w JOIN holders h ON h.id = w.org_id
     WHERE w.due < (SELECT today FROM clock) AND w.due >= (SELECT today FROM clock) - 365 AND w.created_at < as_of
     GROUP BY w.org_id
  ),
  dev AS (
    SELECT m.org_id, count(*) AS total, count(*) FILTER (WHERE d.last_fix_at > as_of - d.offline_after) AS online
      FROM device d JOIN member m ON m.id = d.member_id JOIN holders h ON h.id = m.org_id GROUP BY m.org_id
  )
  SELECT h.id,
         (life.held3::real / nullif(life.req3, 0))::real,
         (life.held_t::real / nullif(life.req_t, 0))::real,
         (att.present::real / nullif(att.recorded, 0))::real,
         (CASE WHEN h.term_end IS NULL OR h.term_end < (SELECT today FROM clock) THEN 0 ELSE 1 END)::real,
         (0.5 * (coalesce(mem.pipeline, 0) > 0)::int
          + 0.5 * (1 - coalesce(mem.overdue, 0)::real / greatest(coalesce(mem.probationary, 0), 1)))::real,
         (mem.in_zone::real / nullif(mem.party, 0))::real,
         (CASE WHEN jp.org_id IS NOT NULL THEN least(jp.activities, 4) / 4.0 END)::real,
         (warn.on_time::real / nullif(warn.due, 0))::real,
         (dev.online::real / nullif(dev.total, 0))::real,
         ((coalesce(mem.complete, 0)
           + ((h.geom IS NOT NULL)::int + (h.county_code IS NOT NULL)::int
              + (h.term_start IS NOT NULL)::int + (h.term_end IS NOT NULL)::int) / 4.0) / 2)::real
    FROM holders h
    LEFT JOIN life ON life.org_id = h.id
    LEFT JOIN att ON att.org_id = h.id
    LEFT JOIN mem ON mem.org_id = h.id
    LEFT JOIN jp ON jp.org_id = h.id
    LEFT JOIN warn ON warn.org_id = h.id
    LEFT JOIN dev ON dev.org_id = h.id
$$;

-- 先锋力指数: one row per Party member (正式 and 预备) of the subtree `root`.
CREATE FUNCTION vanguard_items(root ltree, as_of timestamptz)
RETURNS TABLE (member_id bigint, org_id bigint, attendance real, zone_duty real, vanguard real,
               responsibility real, online real)
LANGUAGE sql STABLE AS $$
  WITH members AS (
    SELECT m.* FROM member m JOIN org o ON o.id = m.org_id
     WHERE o.path <@ root AND m.status IN ('full', 'probationary')
  ),
  att AS (
    SELECT a.member_id, count(*) AS recorded, count(*) FILTER (WHERE a.status = 'present') AS present
      FROM attendance a JOIN members m ON m.id = a.member_id JOIN org_life e ON e.id = a.org_life_id
     WHERE e.starts_at >= as_of - interval '12 months' AND e.starts_at < as_of
     GROUP BY a.member_id
  ),
  duty AS (
    SELECT zm.member_id, bool_or(zm.duty = 'leader') AS leads,
           bool_or(EXISTS (SELECT 1 FROM zone_event ev
                            WHERE ev.member_id = zm.member_id AND ev.zone_id = zm.zone_id AND ev.kind = 'enter'
                              AND ev.at >= as_of - interval '30 days' AND ev.at < as_of)) AS on_duty
      FROM zone_member zm JOIN members m ON m.id = zm.member_id GROUP BY zm.member_id
  ),
  dev AS (
    SELECT d.member_id, bool_or(d.last_fix_at > as_of - d.offline_after) AS online
      FROM device d JOIN members m ON m.id = d.member_id GROUP BY d.member_id
  )
  SELECT m.id, m.org_id,
         (att.present::real / nullif(att.recorded, 0))::real,
         (CASE WHEN duty.member_id IS NULL THEN 0 WHEN duty.on_duty THEN 1 ELSE 0.5 END)::real,
         (EXISTS (SELECT 1 FROM vanguard_team_member t WHERE t.member_id = m.id))::int::real,
         (m.is_cadre OR coalesce(duty.leads, false))::int::real,
         (dev.online::int)::real
    FROM members m
    LEFT JOIN att ON att.member_id = m.id
    LEFT JOIN duty ON duty.member_id = m.id
    LEFT JOIN dev ON dev.member_id = m.id
$$;

-- A weighted score in [0, 100] from items (jsonb: key → share or null) and weights (key → weight):
-- NULL items drop out and the remaining weights are renormalised; NULL when no item applies.
CREATE FUNCTION index_score(items jsonb, weights jsonb) RETURNS real LANGUAGE sql IMMUTABLE AS $$
  SELECT (100 * sum((i.value::text)::real * (w.value::text)::real) / nullif(sum((w.value::text)::real), 0))::real
    FROM jsonb_each(items) i JOIN jsonb_each(weights) w ON w.key = i.key
   WHERE jsonb_typeof(i.value) = 'number'
$$;

-- 换届 state of an organisation on a day: overdue, due within 90 days, ok, or unknown (no term).
CREATE FUNCTION term_state(term_end date, at date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN term_end IS NULL THEN 'unknown' WHEN term_end < at THEN 'overdue'
              WHEN term_end <= at + 90 THEN 'due' ELSE 'ok' END
$$;

-- Down Migration
DROP FUNCTION term_state;
DROP FUNCTION index_score, vanguard_items, organisation_items;
