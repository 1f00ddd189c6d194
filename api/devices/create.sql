-- A terminal provisioned by an administrator; no row when the terminal id is taken.
-- $1 terminal id, $2 protocol, $3 member id or NULL, $4 JT/T 808 auth code or NULL,
-- $5 SHA-256 of the HTTP token or NULL, $6 offline threshold in hours, $7–$10 the JT/T 808
-- register details to check (maker id, model, terminal id, plate) or NULL, $11 SHA-256 of the
-- NMEA secret or NULL.
INSERT INTO device (terminal_id, protocol, member_id, auth_code, token_hash, offline_after,
                    register_maker, register_model, register_terminal, register_plate, secret_hash)
VALUES ($1, $2, $3, $4, $5, make_interval(hours => $6), $7, $8, $9, $10, $11)
ON CONFLICT (terminal_id) DO NOTHING
RETURNING id
