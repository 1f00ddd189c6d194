-- Members of an organisation and everything below it, paged, personal fields masked by role.
-- $1 scope root, $2 own member id, $3 org id, $4 page size, $5 offset,
-- $6 caller may see phone numbers, $7 caller may see ID numbers (and so birth dates, which are
-- part of them; the others get the birth year).
SELECT m.id, m.name, m.gender, CASE WHEN $7 THEN m.birth_date END AS "birthDate",
       extract(year FROM m.birth_date)::int AS "birthYear", m.ethnicity, m.education,
       m.joined_date AS "joinedDate", m.status, m.is_cadre AS "isCadre",
       m.org_id AS "orgId", mo.name AS "orgName",
       CASE WHEN $6 THEN m.phone ELSE mask_phone(m.phone) END AS phone,
       CASE WHEN $7 THEN m.id_number ELSE mask_id_number(m.id_number) END AS "idNumber",
       count(*) OVER ()::int AS total
  FROM org o
  JOIN org mo ON mo.path <@ o.path
  JOIN member m ON m.org_id = mo.id
 WHERE o.id = $3
   AND org_in_scope(o.path, $1::ltree, $2::bigint)
   AND member_in_scope(mo.path, m.id, $1::ltree, $2::bigint)
 ORDER BY mo.path, m.id
 LIMIT $4 OFFSET $5
