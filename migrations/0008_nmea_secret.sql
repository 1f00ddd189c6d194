-- Up Migration

-- NMEA 0183 has no authentication of its own: a terminal names itself in its first line, and now
-- also gives its secret there (api/devices/nmea/stream.ts). Only the SHA-256 is kept, as for HTTP
-- tokens; a terminal without one cannot connect until an administrator issues it.
ALTER TABLE device ADD COLUMN secret_hash bytea;

-- Down Migration

ALTER TABLE device DROP COLUMN secret_hash;
