-- One member if the caller may see them, with masked personal fields and the latest fix (online
-- by the one definition, terminal_online()).
-- $1 scope root, $2 own member id, $3 member id, $4 may see phone, $5 may see ID number (and
-- so the birth date, which is part of it; the others get the birth year).
SELECT m.id, m.name, m.gender, CASE WHEN $5 THEN m.birth_date END AS "birthDate",
       extract(year FROM m.birth_date)::int AS "birthYear", m.ethnicity, m.education,
       m.joined_date AS "joinedDate", m.status, m.is_cadre AS "isCadre",
       m.org_id AS "orgId", o.name AS "orgName",
       CASE WHEN $4 THEN m.phone ELSE mask_phone(m.phone) END AS phone,
       CASE WHEN $5 THEN m.id_number ELSE mask_id_number(m.id_number) END AS "idNumber",
       (SELECT json_build_object('lon', ST_X(d.last_geom), 'lat', ST_Y(d.last_geom), 'time', d.last_fix_at,
                                  'online', terminal_online(d.last_fix_at, now()))
          FROM device d
         WHERE d.member_id = m.id AND d.last_fix_at IS NOT NULL
         ORDER BY d.last_fix_at DESC LIMIT 1) AS "lastFix",
       m.is_demo AS "isDemo"
  FROM member m
  JOIN org o ON o.id = m.org_id
 WHERE m.id = $3 AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
