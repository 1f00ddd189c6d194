-- The caller behind a session token hash ($1), if the session is live and the user enabled.
SELECT u.id AS "userId", u.username, u.display_name AS "displayName", u.role,
       u.org_id AS "orgId", o.name AS "orgName", o.path::text AS "orgPath", u.member_id AS "memberId"
  FROM session s
  JOIN app_user u ON u.id = s.user_id
  JOIN org o ON o.id = u.org_id
 WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled
