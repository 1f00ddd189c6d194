-- Up Migration

-- Subtree tallies: the counts a portrait or an analysis shows for an organisation's whole
-- subtree, kept up to date by triggers so that reading them costs the same for a branch and for a
-- 100,000-organisation tree (issue 10's benchmark: scanning 1,000,000 members and 28,000,000
-- attendance marks per request took 10–30 s). Each row holds the total over the subtree of
-- `org_id` (the organisation itself and everything below it); a change to one organisation's
-- members or org life is added to the rows of that organisation and of each of its ancestors
-- (at most the depth of the tree). Moving an organisation moves its subtree's rows from the old
-- ancestors to the new ones. rebuild_tallies() recomputes everything from the base tables (after
-- bulk loads, which set redmap.tallies = 'off' to skip the triggers) and is what the tests
-- compare the triggers' work against.

-- The age bands of migrations/0009 again, as single expressions the planner inlines (the
-- portrait bands thousands of tally rows by birth date): N full years on `at` is the same as
-- being born on or before `at` minus N years, including 29 February.
CREATE OR REPLACE FUNCTION age_band(birth date, at date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN birth > (at - interval '36 years')::date THEN 'le35'
              WHEN birth > (at - interval '46 years')::date THEN '36-45'
              WHEN birth > (at - interval '56 years')::date THEN '46-55'
              ELSE 'ge56' END
$$;
CREATE OR REPLACE FUNCTION party_age_band(full_date date, at date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN full_date IS NULL OR full_date > at THEN 'none'
              WHEN full_date > (at - interval '5 years')::date THEN 'lt5'
              WHEN full_date > (at - interval '10 years')::date THEN '5-9'
              WHEN full_date > (at - interval '20 years')::date THEN '10-19'
              WHEN full_date > (at - interval '30 years')::date THEN '20-29'
              ELSE 'ge30' END
$$;

-- life_completion of migrations/0009, but an event in the founding period (which is not owed)
-- no longer counts as the current period held: it made a new branch 1 of 1 while that period ran
-- and 0 of 0 once it ended (the tallies, which count only owed periods, found the difference).
CREATE OR REPLACE FUNCTION life_completion(root ltree, as_of timestamptz, only_kind text)
RETURNS TABLE (org_id bigint, kind text, period text, ended integer, held_ended integer,
               held_current boolean, held_periods date[])
LANGUAGE sql STABLE AS $$
  -- The year is the one of the last moment before as_of, so "as of the end of 31 December"
  -- reports on the whole year that just ended; `current` is the period as_of falls in, capped at
  -- the year's end.
  WITH clock AS (
    SELECT y AS year_start, (y + interval '1 year')::date AS year_end, local::date AS today, local,
           make_timestamptz(extract(year FROM y)::int, 1, 1, 0, 0, 0, 'Asia/Shanghai') AS year_from
      FROM (SELECT as_of AT TIME ZONE 'Asia/Shanghai' AS local,
                   date_trunc('year', (as_of - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date AS y) x
  ), holders AS (
    SELECT o.id, greatest(c.year_start, coalesce(o.established, c.year_start)) AS since
      FROM org o CROSS JOIN clock c
     WHERE o.path <@ root AND o.kind <> 'committee' AND (o.established IS NULL OR o.established < c.local)
  ), windows AS (
    SELECT h.id AS org_id, f.kind, f.period, least(date_trunc(f.period, c.local)::date, c.year_end) AS current_start,
           CASE WHEN date_trunc(f.period, h.since)::date = h.since THEN h.since
                ELSE (date_trunc(f.period, h.since)
                      + CASE f.period WHEN 'month' THEN interval '1 month' ELSE interval '3 months' END)::date
           END AS first_start
      FROM holders h CROSS JOIN org_life_frequency f CROSS JOIN clock c
     WHERE only_kind IS NULL OR f.kind = only_kind
  ), held AS (
    SELECT e.org_id, e.kind, life_period(f.period, e.starts_at) AS period_start
      FROM org_life e
      JOIN holders h ON h.id = e.org_id
      JOIN org_life_frequency f ON f.kind = e.kind
     CROSS JOIN clock c
     WHERE e.starts_at >= c.year_from AND e.starts_at < as_of AND (only_kind IS NULL OR e.kind = only_kind)
     GROUP BY 1, 2, 3
  )
  SELECT w.org_id, w.kind, w.period,
         greatest(0, (extract(year FROM age(w.current_start, w.first_start)) * 12
                      + extract(month FROM age(w.current_start, w.first_start)))::int
                     / CASE w.period WHEN 'month' THEN 1 ELSE 3 END),
         (count(h.period_start) FILTER (WHERE h.period_start >= w.first_start AND h.period_start < w.current_start))::int,
         coalesce(bool_or(h.period_start = w.current_start AND w.current_start >= w.first_start), false),
         coalesce(array_agg(h.period_start ORDER BY h.period_start) FILTER (WHERE h.period_start >= w.first_start), '{}')
    FROM windows w
    LEFT JOIN held h ON h.org_id = w.org_id AND h.kind = w.kind
   GROUP BY w.org_id, w.kind, w.period, w.first_start, w.current_start
$$;

-- vanguard_items of migrations/0010, reading the members of the subtree organisation by
-- organisation: a member portrait asks for one branch and got a scan of all 1,000,000 members.
CREATE OR REPLACE FUNCTION vanguard_items(root ltree, as_of timestamptz)
RETURNS TABLE (member_id bigint, org_id bigint, attendance real, zone_duty real, vanguard real,
               responsibility real, online real)
LANGUAGE sql STABLE AS $$
  WITH members AS (
    -- Organisation by organisation (OFFSET 0 keeps the planner from turning this into a scan of
    -- every member: it guesses a subtree at 1 % of the organisations, whatever its size).
    SELECT m.* FROM org o
     CROSS JOIN LATERAL (SELECT * FROM member x WHERE x.org_id = o.id OFFSET 0) m
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

-- The ids on an organisation's path, itself last (path labels are 'o' || id; see org_set_path).
CREATE FUNCTION org_path_ids(path ltree) RETURNS bigint[] LANGUAGE sql IMMUTABLE AS $$
  SELECT string_to_array(replace(path::text, 'o', ''), '.')::bigint[]
$$;

-- Members and organisations by facet and key: facets status, gender, ethnicity, education and
-- cadre ('cadre' / 'other') count members; birth (key: birth date) and since (key: the day 党龄
-- counts from, see party_since) let the age bands be drawn as of any day; joined and full (keys:
-- the days of admission and of 转正) give the monthly trends; orgKind counts organisations. `roll` counts everyone on the roll, `party` Party members (正式 + 预备).
CREATE TABLE subtree_tally (
  org_id bigint NOT NULL,
  facet  text NOT NULL,
  key    text NOT NULL,
  roll   integer NOT NULL,
  party  integer NOT NULL,
  -- Covering, so a portrait reads an organisation's rows from the index alone.
  PRIMARY KEY (org_id, facet, key) INCLUDE (roll, party)
);

-- Org life by kind and Asia/Shanghai day of its start: events, attendance marks by status
-- (beidou: presences filled in by the geofence) and `held`, the (organisation, kind, period)
-- whose first event of the period falls on that day, counted only where the period is one the
-- organisation owes (life_completion: not a committee, on or after its founding).
CREATE TABLE life_tally (
  org_id   bigint NOT NULL,
  kind     text NOT NULL,
  day      date NOT NULL,
  events   integer NOT NULL,
  held     integer NOT NULL,
  recorded integer NOT NULL,
  present  integer NOT NULL,
  leave    integer NOT NULL,
  absent   integer NOT NULL,
  beidou   integer NOT NULL,
  PRIMARY KEY (org_id, kind, day) INCLUDE (events, held, recorded, present, leave, absent, beidou)
);

-- The day of each organisation's first event of a kind in each of its periods (month or quarter).
CREATE TABLE life_first (
  org_id    bigint NOT NULL,
  kind      text NOT NULL,
  period    date NOT NULL,
  first_day date NOT NULL,
  PRIMARY KEY (org_id, kind, period) INCLUDE (first_day)
);

-- Attendance counts per event, kept by the attendance trigger; the org_life trigger carries their
-- changes into life_tally.
ALTER TABLE org_life
  ADD COLUMN recorded integer NOT NULL DEFAULT 0,
  ADD COLUMN present  integer NOT NULL DEFAULT 0,
  ADD COLUMN leave    integer NOT NULL DEFAULT 0,
  ADD COLUMN absent   integer NOT NULL DEFAULT 0,
  ADD COLUMN beidou   integer NOT NULL DEFAULT 0;

-- Whether `org` owes `kind` in the period starting `period` (see life_completion's first_start).
CREATE FUNCTION life_owed(org_kind text, established date, period_kind text, period date) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT org_kind <> 'committee' AND (
    established IS NULL OR period >= CASE WHEN date_trunc(period_kind, established)::date = established THEN established
      ELSE (date_trunc(period_kind, established)
            + CASE period_kind WHEN 'month' THEN interval '1 month' ELSE interval '3 months' END)::date END)
$$;

CREATE FUNCTION tallies_on() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('redmap.tallies', true), '') <> 'off'
$$;

-- Adds signed member rows (sign, org_id, status, gender, ethnicity, education, is_cadre,
-- birth_date, joined_date, full_date as JSON) to the tallies of their organisations' paths.
CREATE FUNCTION tally_members(changes jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO subtree_tally AS t (org_id, facet, key, roll, party)
  SELECT a.id, f.facet, f.key, sum(c.sign)::int,
         coalesce(sum(c.sign) FILTER (WHERE c.status IN ('full', 'probationary')), 0)::int
    FROM jsonb_to_recordset(changes) AS c(sign int, org_id bigint, status text, gender text, ethnicity text,
                                          education text, is_cadre boolean, birth_date date, joined_date date,
                                          full_date date)
    JOIN org o ON o.id = c.org_id
   CROSS JOIN LATERAL (VALUES ('status', c.status), ('gender', c.gender), ('ethnicity', c.ethnicity),
                              ('education', c.education),
                              ('cadre', CASE WHEN c.is_cadre THEN 'cadre' ELSE 'other' END),
                              ('birth', c.birth_date::text),
                              ('since', party_since(c.status, c.joined_date, c.full_date)::text),
                              ('joined', c.joined_date::text), ('full', c.full_date::text)) f(facet, key)
   CROSS JOIN LATERAL unnest(org_path_ids(o.path)) a(id)
   WHERE f.key IS NOT NULL
   GROUP BY 1, 2, 3
  HAVING sum(c.sign) <> 0 OR coalesce(sum(c.sign) FILTER (WHERE c.status IN ('full', 'probationary')), 0) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (org_id, facet, key) DO UPDATE SET roll = t.roll + EXCLUDED.roll, party = t.party + EXCLUDED.party
$$;

CREATE FUNCTION member_tally_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes jsonb := '[]';
BEGIN
  IF NOT tallies_on() THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT changes || coalesce(jsonb_agg(to_jsonb(n) || '{"sign": 1}'), '[]') INTO changes FROM new_rows n;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT changes || coalesce(jsonb_agg(to_jsonb(o) || '{"sign": -1}'), '[]') INTO changes FROM old_rows o;
  END IF;
  PERFORM tally_members(changes);
  RETURN NULL;
END $$;

CREATE TRIGGER member_tally_ins AFTER INSERT ON member REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION member_tally_trigger();
CREATE TRIGGER member_tally_upd AFTER UPDATE ON member REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION member_tally_trigger();
CREATE TRIGGER member_tally_del AFTER DELETE ON member REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION member_tally_trigger();

-- Adds signed org-life rows (sign, org_id, kind, starts_at and the five counts, as JSON) to
-- life_tally along their organisations' paths, and moves `held` where an organisation's first
-- event of a period changes.
CREATE FUNCTION tally_life(changes jsonb) RETURNS void LANGUAGE sql AS $$
  WITH change AS (
    SELECT c.org_id, c.kind, (c.starts_at AT TIME ZONE 'Asia/Shanghai')::date AS day, c.sign AS events, 0 AS held,
           c.sign * c.recorded AS recorded, c.sign * c.present AS present, c.sign * c.leave AS leave,
           c.sign * c.absent AS absent, c.sign * c.beidou AS beidou
      FROM jsonb_to_recordset(changes) AS c(sign int, org_id bigint, kind text, starts_at timestamptz, recorded int,
                                            present int, leave int, absent int, beidou int)
  ), touched AS (
    -- The periods whose first event may have changed: where an event came, went or moved.
    SELECT c.org_id, c.kind, f.period AS period_kind, date_trunc(f.period, c.day)::date AS period
      FROM change c JOIN org_life_frequency f ON f.kind = c.kind
     GROUP BY 1, 2, 3, 4
    HAVING bool_or(c.events <> 0)
  ), first_now AS (
    SELECT t.*, l.first_day AS was,
           (SELECT min((e.starts_at AT TIME ZONE 'Asia/Shanghai')::date) FROM org_life e
             WHERE e.org_id = t.org_id AND e.kind = t.kind
               AND e.starts_at >= t.period::timestamp AT TIME ZONE 'Asia/Shanghai'
               AND e.starts_at < (t.period + CASE t.period_kind WHEN 'month' THEN interval '1 month'
                                             ELSE interval '3 months' END) AT TIME ZONE 'Asia/Shanghai') AS first_day
      FROM touched t
      LEFT JOIN life_first l ON l.org_id = t.org_id AND l.kind = t.kind AND l.period = t.period
  ), gone AS (
    DELETE FROM life_first l USING first_now n
     WHERE l.org_id = n.org_id AND l.kind = n.kind AND l.period = n.period AND n.first_day IS NULL
  ), kept AS (
    INSERT INTO life_first (org_id, kind, period, first_day)
    SELECT org_id, kind, period, first_day FROM first_now WHERE first_day IS NOT NULL
    ON CONFLICT (org_id, kind, period) DO UPDATE SET first_day = EXCLUDED.first_day
  ), held AS (
    SELECT n.org_id, n.kind, d.day, 0 AS events, d.sign AS held, 0 AS recorded, 0 AS present, 0 AS leave,
           0 AS absent, 0 AS beidou
      FROM first_now n
      JOIN org o ON o.id = n.org_id
     CROSS JOIN LATERAL (VALUES (n.was, -1), (n.first_day, 1)) d(day, sign)
     WHERE n.was IS DISTINCT FROM n.first_day AND d.day IS NOT NULL
       AND life_owed(o.kind, o.established, n.period_kind, n.period)
  )
  INSERT INTO life_tally AS t (org_id, kind, day, events, held, recorded, present, leave, absent, beidou)
  SELECT a.id, c.kind, c.day, sum(c.events), sum(c.held), sum(c.recorded), sum(c.present), sum(c.leave),
         sum(c.absent), sum(c.beidou)
    FROM (SELECT * FROM change UNION ALL SELECT * FROM held) c
    JOIN org o ON o.id = c.org_id
   CROSS JOIN LATERAL unnest(org_path_ids(o.path)) a(id)
   GROUP BY 1, 2, 3
  HAVING sum(c.events) <> 0 OR sum(c.held) <> 0 OR sum(c.recorded) <> 0 OR sum(c.present) <> 0
      OR sum(c.leave) <> 0 OR sum(c.absent) <> 0 OR sum(c.beidou) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (org_id, kind, day) DO UPDATE SET
    events = t.events + EXCLUDED.events, held = t.held + EXCLUDED.held, recorded = t.recorded + EXCLUDED.recorded,
    present = t.present + EXCLUDED.present, leave = t.leave + EXCLUDED.leave, absent = t.absent + EXCLUDED.absent,
    beidou = t.beidou + EXCLUDED.beidou
$$;

CREATE FUNCTION org_life_tally_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes jsonb := '[]';
BEGIN
  IF NOT tallies_on() THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' THEN
    -- Only rows whose tallied columns changed (not a title or a place).
    SELECT coalesce(jsonb_agg(x), '[]') INTO changes FROM (
      SELECT to_jsonb(n) || '{"sign": 1}' AS x FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (o.org_id, o.kind, o.starts_at, o.recorded, o.present, o.leave, o.absent, o.beidou)
             IS DISTINCT FROM (n.org_id, n.kind, n.starts_at, n.recorded, n.present, n.leave, n.absent, n.beidou)
      UNION ALL
      SELECT to_jsonb(o) || '{"sign": -1}' FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (o.org_id, o.kind, o.starts_at, o.recorded, o.present, o.leave, o.absent, o.beidou)
             IS DISTINCT FROM (n.org_id, n.kind, n.starts_at, n.recorded, n.present, n.leave, n.absent, n.beidou)) c;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT coalesce(jsonb_agg(to_jsonb(n) || '{"sign": 1}'), '[]') INTO changes FROM new_rows n;
  ELSE
    SELECT coalesce(jsonb_agg(to_jsonb(o) || '{"sign": -1}'), '[]') INTO changes FROM old_rows o;
  END IF;
  IF changes <> '[]' THEN PERFORM tally_life(changes); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER org_life_tally_ins AFTER INSERT ON org_life REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_tally_trigger();
CREATE TRIGGER org_life_tally_upd AFTER UPDATE ON org_life REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_tally_trigger();
CREATE TRIGGER org_life_tally_del AFTER DELETE ON org_life REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org_life_tally_trigger();

-- Attendance marks change their event's counts (and so, through the trigger above, life_tally).
CREATE FUNCTION attendance_count_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changes jsonb := '[]';
BEGIN
  IF NOT tallies_on() THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT changes || coalesce(jsonb_agg(jsonb_build_object('id', n.org_life_id, 'sign', 1, 'status', n.status,
                                                             'source', n.source)), '[]')
      INTO changes FROM new_rows n;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT changes || coalesce(jsonb_agg(jsonb_build_object('id', o.org_life_id, 'sign', -1, 'status', o.status,
                                                             'source', o.source)), '[]')
      INTO changes FROM old_rows o;
  END IF;
  -- In id order, so that two transactions marking the same events cannot deadlock.
  UPDATE org_life e
     SET recorded = e.recorded + d.recorded, present = e.present + d.present, leave = e.leave + d.leave,
         absent = e.absent + d.absent, beidou = e.beidou + d.beidou
    FROM (SELECT c.id, sum(c.sign)::int AS recorded,
                 coalesce(sum(c.sign) FILTER (WHERE c.status = 'present'), 0)::int AS present,
                 coalesce(sum(c.sign) FILTER (WHERE c.status = 'leave'), 0)::int AS leave,
                 coalesce(sum(c.sign) FILTER (WHERE c.status = 'absent'), 0)::int AS absent,
                 coalesce(sum(c.sign) FILTER (WHERE c.status = 'present' AND c.source = 'beidou'), 0)::int AS beidou
            FROM jsonb_to_recordset(changes) AS c(id bigint, sign int, status text, source text)
           GROUP BY c.id ORDER BY c.id) d
   WHERE e.id = d.id AND (d.recorded, d.present, d.leave, d.absent, d.beidou) <> (0, 0, 0, 0, 0);
  RETURN NULL;
END $$;

CREATE TRIGGER attendance_count_ins AFTER INSERT ON attendance REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION attendance_count_trigger();
CREATE TRIGGER attendance_count_upd AFTER UPDATE ON attendance REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION attendance_count_trigger();
CREATE TRIGGER attendance_count_del AFTER DELETE ON attendance REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION attendance_count_trigger();

-- The held counts one organisation contributes, with its kind and founding as given.
CREATE FUNCTION life_held_of(org bigint, org_kind text, established date)
RETURNS TABLE (kind text, day date, held int) LANGUAGE sql STABLE AS $$
  SELECT l.kind, l.first_day, 1
    FROM life_first l JOIN org_life_frequency f ON f.kind = l.kind
   WHERE l.org_id = org AND life_owed(org_kind, established, f.period, l.period)
$$;

-- Adds `sign` times the tallies of organisation `org` (its subtree) to the organisations on `path`.
CREATE FUNCTION tally_carry(org bigint, path bigint[], sign int) RETURNS void LANGUAGE sql AS $$
  INSERT INTO subtree_tally AS t (org_id, facet, key, roll, party)
  SELECT a.id, s.facet, s.key, sign * s.roll, sign * s.party
    FROM subtree_tally s CROSS JOIN unnest(path) a(id)
   WHERE s.org_id = org
   ORDER BY 1, 2, 3
  ON CONFLICT (org_id, facet, key) DO UPDATE SET roll = t.roll + EXCLUDED.roll, party = t.party + EXCLUDED.party;
  INSERT INTO life_tally AS t (org_id, kind, day, events, held, recorded, present, leave, absent, beidou)
  SELECT a.id, s.kind, s.day, sign * s.events, sign * s.held, sign * s.recorded, sign * s.present, sign * s.leave,
         sign * s.absent, sign * s.beidou
    FROM life_tally s CROSS JOIN unnest(path) a(id)
   WHERE s.org_id = org
   ORDER BY 1, 2, 3
  ON CONFLICT (org_id, kind, day) DO UPDATE SET
    events = t.events + EXCLUDED.events, held = t.held + EXCLUDED.held, recorded = t.recorded + EXCLUDED.recorded,
    present = t.present + EXCLUDED.present, leave = t.leave + EXCLUDED.leave, absent = t.absent + EXCLUDED.absent,
    beidou = t.beidou + EXCLUDED.beidou;
$$;

-- Organisations: counted by kind; a move carries the subtree's tallies from the old ancestors to
-- the new; a change of kind or founding moves the organisation's own held periods; a deleted
-- organisation (a leaf without members or events) leaves its ancestors' counts.
CREATE FUNCTION org_tally_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF NOT tallies_on() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO subtree_tally AS t (org_id, facet, key, roll, party)
    SELECT a.id, 'orgKind', n.kind, count(*)::int, 0
      FROM new_rows n CROSS JOIN LATERAL unnest(org_path_ids(n.path)) a(id)
     GROUP BY 1, 3 ORDER BY 1, 3
    ON CONFLICT (org_id, facet, key) DO UPDATE SET roll = t.roll + EXCLUDED.roll;
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    FOR r IN SELECT o.id, org_path_ids(o.path) AS ids FROM old_rows o ORDER BY o.id LOOP
      PERFORM tally_carry(r.id, r.ids[1:array_length(r.ids, 1) - 1], -1);
      DELETE FROM subtree_tally WHERE org_id = r.id;
      DELETE FROM life_tally WHERE org_id = r.id;
      DELETE FROM life_first WHERE org_id = r.id;
    END LOOP;
    RETURN NULL;
  END IF;
  FOR r IN SELECT n.id, org_path_ids(o.path) AS was, org_path_ids(n.path) AS now
             FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE o.parent_id IS DISTINCT FROM n.parent_id ORDER BY n.id LOOP
    PERFORM tally_carry(r.id, r.was[1:array_length(r.was, 1) - 1], -1);
    PERFORM tally_carry(r.id, r.now[1:array_length(r.now, 1) - 1], 1);
  END LOOP;
  FOR r IN SELECT n.id, n.path, o.kind AS old_kind, n.kind AS new_kind, o.established AS old_est,
                  n.established AS new_est
             FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.kind, o.established) IS DISTINCT FROM (n.kind, n.established) ORDER BY n.id LOOP
    INSERT INTO subtree_tally AS t (org_id, facet, key, roll, party)
    SELECT a.id, 'orgKind', k.kind, k.sign, 0
      FROM unnest(org_path_ids(r.path)) a(id)
     CROSS JOIN (VALUES (r.old_kind, -1), (r.new_kind, 1)) k(kind, sign)
     WHERE r.old_kind <> r.new_kind
     ORDER BY 1, 3
    ON CONFLICT (org_id, facet, key) DO UPDATE SET roll = t.roll + EXCLUDED.roll;
    INSERT INTO life_tally AS t (org_id, kind, day, events, held, recorded, present, leave, absent, beidou)
    SELECT a.id, h.kind, h.day, 0, sum(h.held)::int, 0, 0, 0, 0, 0
      FROM (SELECT kind, day, -held AS held FROM life_held_of(r.id, r.old_kind, r.old_est)
            UNION ALL SELECT kind, day, held FROM life_held_of(r.id, r.new_kind, r.new_est)) h
     CROSS JOIN unnest(org_path_ids(r.path)) a(id)
     GROUP BY 1, 2, 3 HAVING sum(h.held) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (org_id, kind, day) DO UPDATE SET held = t.held + EXCLUDED.held;
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER org_tally_ins AFTER INSERT ON org REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org_tally_trigger();
CREATE TRIGGER org_tally_upd AFTER UPDATE ON org REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org_tally_trigger();
CREATE TRIGGER org_tally_del AFTER DELETE ON org REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION org_tally_trigger();

-- Everything from the base tables: the events' attendance counts, the first days and the tallies
-- (with the triggers off for the rest of the transaction: they would add the same again).
CREATE FUNCTION rebuild_tallies() RETURNS void LANGUAGE sql AS $$
  SELECT set_config('redmap.tallies', 'off', true);
  UPDATE org_life e
     SET recorded = coalesce(a.recorded, 0), present = coalesce(a.present, 0), leave = coalesce(a.leave, 0),
         absent = coalesce(a.absent, 0), beidou = coalesce(a.beidou, 0)
    FROM org_life x
    LEFT JOIN (SELECT org_life_id, count(*)::int AS recorded,
                      count(*) FILTER (WHERE status = 'present')::int AS present,
                      count(*) FILTER (WHERE status = 'leave')::int AS leave,
                      count(*) FILTER (WHERE status = 'absent')::int AS absent,
                      count(*) FILTER (WHERE status = 'present' AND source = 'beidou')::int AS beidou
                 FROM attendance GROUP BY org_life_id) a ON a.org_life_id = x.id
   WHERE e.id = x.id
     AND (e.recorded, e.present, e.leave, e.absent, e.beidou)
         IS DISTINCT FROM (coalesce(a.recorded, 0), coalesce(a.present, 0), coalesce(a.leave, 0),
                           coalesce(a.absent, 0), coalesce(a.beidou, 0));
  TRUNCATE subtree_tally, life_tally, life_first;
  INSERT INTO subtree_tally (org_id, facet, key, roll, party)
  SELECT a.id, f.facet, f.key, count(*)::int, (count(*) FILTER (WHERE m.status IN ('full', 'probationary')))::int
    FROM member m
    JOIN org o ON o.id = m.org_id
   CROSS JOIN LATERAL (VALUES ('status', m.status), ('gender', m.gender::text), ('ethnicity', m.ethnicity),
                              ('education', m.education),
                              ('cadre', CASE WHEN m.is_cadre THEN 'cadre' ELSE 'other' END),
                              ('birth', m.birth_date::text),
                              ('since', party_since(m.status, m.joined_date, m.full_date)::text),
                              ('joined', m.joined_date::text), ('full', m.full_date::text)) f(facet, key)
   CROSS JOIN LATERAL unnest(org_path_ids(o.path)) a(id)
   WHERE f.key IS NOT NULL
   GROUP BY 1, 2, 3
  UNION ALL
  SELECT a.id, 'orgKind', o.kind, count(*)::int, 0
    FROM org o CROSS JOIN LATERAL unnest(org_path_ids(o.path)) a(id)
   GROUP BY 1, 3;
  INSERT INTO life_first (org_id, kind, period, first_day)
  SELECT e.org_id, e.kind, date_trunc(f.period, e.starts_at AT TIME ZONE 'Asia/Shanghai')::date,
         min((e.starts_at AT TIME ZONE 'Asia/Shanghai')::date)
    FROM org_life e JOIN org_life_frequency f ON f.kind = e.kind
   GROUP BY 1, 2, 3;
  INSERT INTO life_tally (org_id, kind, day, events, held, recorded, present, leave, absent, beidou)
  SELECT a.id, c.kind, c.day, sum(c.events), sum(c.held), sum(c.recorded), sum(c.present), sum(c.leave),
         sum(c.absent), sum(c.beidou)
    FROM (SELECT e.org_id, e.kind, (e.starts_at AT TIME ZONE 'Asia/Shanghai')::date AS day, count(*)::int AS events,
                 0 AS held, sum(e.recorded)::int AS recorded, sum(e.present)::int AS present,
                 sum(e.leave)::int AS leave, sum(e.absent)::int AS absent, sum(e.beidou)::int AS beidou
            FROM org_life e GROUP BY 1, 2, 3
          UNION ALL
          SELECT l.org_id, l.kind, l.first_day, 0, count(*)::int, 0, 0, 0, 0, 0
            FROM life_first l JOIN org o ON o.id = l.org_id JOIN org_life_frequency f ON f.kind = l.kind
           WHERE life_owed(o.kind, o.established, f.period, l.period)
           GROUP BY 1, 2, 3) c
    JOIN org o ON o.id = c.org_id
   CROSS JOIN LATERAL unnest(org_path_ids(o.path)) a(id)
   GROUP BY 1, 2, 3;
  SELECT set_config('redmap.tallies', '', true);
$$;

-- Each terminal carries its member's organisation (none while unbound), so a subtree's terminals
-- are found through the organisations (device_org_idx) rather than through every member of it.
ALTER TABLE device ADD COLUMN org_id bigint REFERENCES org (id);
UPDATE device d SET org_id = m.org_id FROM member m WHERE m.id = d.member_id;
CREATE INDEX device_org_idx ON device (org_id);

CREATE FUNCTION device_set_org() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.org_id := (SELECT m.org_id FROM member m WHERE m.id = NEW.member_id);
  RETURN NEW;
END $$;
CREATE TRIGGER device_org BEFORE INSERT OR UPDATE OF member_id, org_id ON device FOR EACH ROW
  EXECUTE FUNCTION device_set_org();

CREATE FUNCTION member_devices_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE device SET org_id = NEW.org_id WHERE member_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER member_devices_follow AFTER UPDATE OF org_id ON member FOR EACH ROW
  WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id) EXECUTE FUNCTION member_devices_follow();

SELECT rebuild_tallies();
ANALYZE subtree_tally;
ANALYZE life_tally;
ANALYZE life_first;

-- Down Migration
DROP TRIGGER member_devices_follow ON member;
DROP TRIGGER device_org ON device;
DROP FUNCTION member_devices_follow, device_set_org;
ALTER TABLE device DROP COLUMN org_id;
DROP TRIGGER org_tally_ins ON org;
DROP TRIGGER org_tally_upd ON org;
DROP TRIGGER org_tally_del ON org;
DROP TRIGGER attendance_count_ins ON attendance;
DROP TRIGGER attendance_count_upd ON attendance;
DROP TRIGGER attendance_count_del ON attendance;
DROP TRIGGER org_life_tally_ins ON org_life;
DROP TRIGGER org_life_tally_upd ON org_life;
DROP TRIGGER org_life_tally_del ON org_life;
DROP TRIGGER member_tally_ins ON member;
DROP TRIGGER member_tally_upd ON member;
DROP TRIGGER member_tally_del ON member;
DROP FUNCTION rebuild_tallies, org_tally_trigger, tally_carry, life_held_of, attendance_count_trigger,
  org_life_tally_trigger, tally_life, member_tally_trigger, tally_members, tallies_on, life_owed, org_path_ids;
ALTER TABLE org_life DROP COLUMN recorded, DROP COLUMN present, DROP COLUMN leave, DROP COLUMN absent,
  DROP COLUMN beidou;
DROP TABLE life_first, life_tally, subtree_tally;
CREATE OR REPLACE FUNCTION vanguard_items(root ltree, as_of timestamptz)
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
CREATE OR REPLACE FUNCTION life_completion(root ltree, as_of timestamptz, only_kind text)
RETURNS TABLE (org_id bigint, kind text, period text, ended integer, held_ended integer,
               held_current boolean, held_periods date[])
LANGUAGE sql STABLE AS $$
  -- The year is the one of the last moment before as_of, so "as of the end of 31 December"
  -- reports on the whole year that just ended; `current` is the period as_of falls in, capped at
  -- the year's end.
  WITH clock AS (
    SELECT y AS year_start, (y + interval '1 year')::date AS year_end, local::date AS today, local,
           make_timestamptz(extract(year FROM y)::int, 1, 1, 0, 0, 0, 'Asia/Shanghai') AS year_from
      FROM (SELECT as_of AT TIME ZONE 'Asia/Shanghai' AS local,
                   date_trunc('year', (as_of - interval '1 microsecond') AT TIME ZONE 'Asia/Shanghai')::date AS y) x
  ), holders AS (
    SELECT o.id, greatest(c.year_start, coalesce(o.established, c.year_start)) AS since
      FROM org o CROSS JOIN clock c
     WHERE o.path <@ root AND o.kind <> 'committee' AND (o.established IS NULL OR o.established < c.local)
  ), windows AS (
    SELECT h.id AS org_id, f.kind, f.period, least(date_trunc(f.period, c.local)::date, c.year_end) AS current_start,
           CASE WHEN date_trunc(f.period, h.since)::date = h.since THEN h.since
                ELSE (date_trunc(f.period, h.since)
                      + CASE f.period WHEN 'month' THEN interval '1 month' ELSE interval '3 months' END)::date
           END AS first_start
      FROM holders h CROSS JOIN org_life_frequency f CROSS JOIN clock c
     WHERE only_kind IS NULL OR f.kind = only_kind
  ), held AS (
    SELECT e.org_id, e.kind, life_period(f.period, e.starts_at) AS period_start
      FROM org_life e
      JOIN holders h ON h.id = e.org_id
      JOIN org_life_frequency f ON f.kind = e.kind
     CROSS JOIN clock c
     WHERE e.starts_at >= c.year_from AND e.starts_at < as_of AND (only_kind IS NULL OR e.kind = only_kind)
     GROUP BY 1, 2, 3
  )
  SELECT w.org_id, w.kind, w.period,
         greatest(0, (extract(year FROM age(w.current_start, w.first_start)) * 12
                      + extract(month FROM age(w.current_start, w.first_start)))::int
                     / CASE w.period WHEN 'month' THEN 1 ELSE 3 END),
         (count(h.period_start) FILTER (WHERE h.period_start >= w.first_start AND h.period_start < w.current_start))::int,
         coalesce(bool_or(h.period_start = w.current_start), false),
         coalesce(array_agg(h.period_start ORDER BY h.period_start) FILTER (WHERE h.period_start >= w.first_start), '{}')
    FROM windows w
    LEFT JOIN held h ON h.org_id = w.org_id AND h.kind = w.kind
   GROUP BY w.org_id, w.kind, w.period, w.first_start, w.current_start
$$;
CREATE OR REPLACE FUNCTION age_band(birth date, at date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a <= 35 THEN 'le35' WHEN a <= 45 THEN '36-45' WHEN a <= 55 THEN '46-55' ELSE 'ge56' END
    FROM (SELECT extract(year FROM age(at, birth))::int AS a) y
$$;
CREATE OR REPLACE FUNCTION party_age_band(full_date date, at date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN full_date IS NULL OR full_date > at THEN 'none'
              WHEN a < 5 THEN 'lt5' WHEN a < 10 THEN '5-9' WHEN a < 20 THEN '10-19'
              WHEN a < 30 THEN '20-29' ELSE 'ge30' END
    FROM (SELECT extract(year FROM age(at, full_date))::int AS a) y
$$;
