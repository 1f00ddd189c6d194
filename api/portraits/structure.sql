-- Member structure of an organisation's subtree (支部画像 · 党员结构), one row per facet and key,
-- read from the subtree tallies (migrations/0011): `all` counts everyone on the roll (the status
-- facet, including 发展对象 and 积极分子); `party` counts Party members only (正式 + 预备), which
-- every other facet is about. Age and 党龄 bands are drawn as of $4 from the tallies by birth date
-- and by the day 党龄 counts from, with the same functions the drill-down list (members.sql)
-- filters with, so a bar and the rows behind it always agree.
-- $1 scope root, $2 own member id, $3 org id, $4 as-of date (Asia/Shanghai day).
WITH target AS (
  SELECT o.id FROM org o WHERE o.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
     AND $2::bigint IS NULL -- tallies are whole subtrees: not for a member, who sees only themself
), t AS (
  SELECT s.facet, s.key, s.roll, s.party
    FROM subtree_tally s JOIN target ON s.org_id = target.id
   WHERE s.facet IN ('status', 'gender', 'ethnicity', 'education', 'cadre', 'birth', 'since') AND s.roll > 0
)
SELECT facet, key, sum("all")::int AS "all", sum(party)::int AS party
  FROM (SELECT CASE t.facet WHEN 'birth' THEN 'age' WHEN 'since' THEN 'partyAge' ELSE t.facet END AS facet,
               CASE t.facet WHEN 'birth' THEN age_band(t.key::date, $4::date)
                            WHEN 'since' THEN party_age_band(t.key::date, $4::date)
                            ELSE t.key END AS key,
               t.roll AS "all", t.party
          FROM t
        UNION ALL
        -- Party members without a day 党龄 counts from (预备党员) have none yet.
        SELECT 'partyAge', 'none', 0,
               (SELECT coalesce(sum(party), 0) FROM t WHERE facet = 'status')
               - (SELECT coalesce(sum(party), 0) FROM t WHERE facet = 'since')) x
 GROUP BY facet, key
HAVING sum("all") > 0 OR sum(party) > 0
