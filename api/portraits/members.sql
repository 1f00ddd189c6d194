-- The members behind one figure of the member structure (structure.sql), paged, with personal
-- fields masked per role. Facets other than `status` and `all` count Party members only, exactly
-- as the aggregate does.
-- $1 scope root, $2 own member id, $3 org id, $4 as-of date, $5 facet, $6 key, $7 limit,
-- $8 offset, $9 may see phone, $10 may see ID number.
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
)
SELECT m.id, m.name, m.gender, CASE WHEN $10 THEN m.birth_date END AS "birthDate",
       extract(year FROM m.birth_date)::int AS "birthYear", m.ethnicity, m.education,
       m.joined_date AS "joinedDate", m.status, m.is_cadre AS "isCadre",
       m.org_id AS "orgId", o.name AS "orgName",
       CASE WHEN $9 THEN m.phone ELSE mask_phone(m.phone) END AS phone,
       CASE WHEN $10 THEN m.id_number ELSE mask_id_number(m.id_number) END AS "idNumber",
       count(*) OVER ()::int AS total
  FROM member m
  JOIN org o ON o.id = m.org_id
  JOIN target t ON o.path <@ t.path
 WHERE member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
   AND CASE $5::text
         WHEN 'all' THEN true
         WHEN 'status' THEN m.status = $6
         ELSE m.status IN ('full', 'probationary') AND CASE $5::text
           WHEN 'party' THEN true
           WHEN 'gender' THEN m.gender = $6
           WHEN 'age' THEN age_band(m.birth_date, $4::date) = $6
           WHEN 'ethnicity' THEN m.ethnicity = $6
           WHEN 'education' THEN m.education = $6
           WHEN 'partyAge' THEN party_age_band(party_since(m.status, m.joined_date, m.full_date), $4::date) = $6
           WHEN 'cadre' THEN m.is_cadre = ($6 = 'cadre')
           ELSE false END
       END
 ORDER BY o.path, m.id
 LIMIT $7 OFFSET $8
