-- Up Migration

-- JT/T 808 registration as the standard means it: a provisioned terminal registers once and gets
-- its auth code then (or again after an administrator resets it); a terminal already registered
-- gets result 3 and no code. What the administrator provisioned of the register body (maker id,
-- terminal model, terminal id, plate) is checked when set; NULL means "not checked".
ALTER TABLE device
  ADD COLUMN registered_at     timestamptz,
  ADD COLUMN register_maker    text,
  ADD COLUMN register_model    text,
  ADD COLUMN register_terminal text,
  ADD COLUMN register_plate    text;
-- Terminals that already hold an auth code have registered before.
UPDATE device SET registered_at = created_at WHERE protocol = 'jt808' AND auth_code IS NOT NULL;

-- Down Migration

ALTER TABLE device
  DROP COLUMN registered_at, DROP COLUMN register_maker, DROP COLUMN register_model,
  DROP COLUMN register_terminal, DROP COLUMN register_plate;
