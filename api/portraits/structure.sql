-- Member structure of an organisation's subtree (支部画像 · 党员结构), one row per facet and key,
-- in one scan (GROUPING SETS). `all` counts everyone on the roll (the status facet, including
-- 发展对象 and 积极分子); `party` counts Party members only (正式 + 预备), which every other facet
-- is about. The drill-down list (members.sql) filters with the same expressions, so a bar and the
-- rows behind it always agree.
-- $1 scope root, $2 own member id, $3 org id, $4 as-of date (Asia/Shanghai day).
WITH target AS (
  SELECT o.path FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
), m AS (
  SELECT m.status, m.gender, age_band(m.birth_date, $4::date) AS age, m.ethnicity, m.education,
         party_age_band(party_since(m.status, m.joined_date, m.full_date), $4::date) AS party_age,
         CASE WHEN m.is_cadre THEN 'cadre' ELSE 'other' END AS cadre,
         m.status IN ('full', 'probationary') AS party
    FROM member m
    JOIN org o ON o.id = m.org_id
    JOIN target t ON o.path <@ t.path
   WHERE member_in_scope(o.path, m.id, $1::ltree, $2::bigint)
)
SELECT CASE WHEN GROUPING(status) = 0 THEN 'status'
            WHEN GROUPING(gender) = 0 THEN 'gender'
            WHEN GROUPING(age) = 0 THEN 'age'
            WHEN GROUPING(ethnicity) = 0 THEN 'ethnicity'
            WHEN GROUPING(education) = 0 THEN 'education'
            WHEN GROUPING(party_age) = 0 THEN 'partyAge'
            ELSE 'cadre' END AS facet,
       coalesce(status, gender, age, ethnicity, education, party_age, cadre) AS key,
       count(*)::int AS "all",
       count(*) FILTER (WHERE party)::int AS party
  FROM m
 GROUP BY GROUPING SETS ((status), (gender), (age), (ethnicity), (education), (party_age), (cadre))
