-- One org-life event in the caller's scope with every member of its organisation and their
-- attendance (none yet, manual or BeiDou). $1 scope root, $2 own member id, $3 event id,
-- $4 may see phone.
SELECT e.id, e.org_id AS "orgId", o.name AS "orgName", e.kind, e.title, e.starts_at AS "startsAt",
       e.ends_at AS "endsAt", e.place_name AS "placeName", e.radius_m AS "radiusM",
       CASE WHEN e.geom IS NOT NULL THEN json_build_object('lon', ST_X(e.geom), 'lat', ST_Y(e.geom)) END AS place,
       (SELECT coalesce(json_agg(json_build_object(
                 'memberId', m.id, 'name', m.name, 'status', a.status, 'source', a.source,
                 'phone', CASE WHEN $4 THEN m.phone ELSE mask_phone(m.phone) END) ORDER BY m.id), '[]')
          FROM member m LEFT JOIN attendance a ON a.org_life_id = e.id AND a.member_id = m.id
         WHERE m.org_id = e.org_id AND m.status IN ('full', 'probationary')
           AND member_in_scope(o.path, m.id, $1::ltree, $2::bigint)) AS attendance
  FROM org_life e
  JOIN org o ON o.id = e.org_id
 WHERE e.id = $3 AND org_in_scope(o.path, $1::ltree, $2::bigint)
