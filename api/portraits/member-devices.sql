-- A member's terminals; terminal numbers are masked like phones (a JT/T 808 one is the SIM's number),
-- as in the terminal list.
-- $1 member id, $2 as-of time, $3 may see phone.
SELECT d.id, CASE WHEN $3 THEN d.terminal_id ELSE mask_phone(d.terminal_id) END AS "terminalId",
       d.protocol, d.last_fix_at AS "lastFixAt",
       CASE WHEN d.last_geom IS NOT NULL THEN json_build_object('lon', ST_X(d.last_geom), 'lat', ST_Y(d.last_geom)) END AS "lastPosition",
       terminal_online(d.last_fix_at, $2::timestamptz) AS online
  FROM device d
 WHERE d.member_id = $1
 ORDER BY d.id
