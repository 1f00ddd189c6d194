-- When a member's 党龄 counts from and their 转正 day. $1 member id (access checked by the route).
SELECT party_since(status, joined_date, full_date) AS since, full_date AS "fullDate" FROM member WHERE id = $1
