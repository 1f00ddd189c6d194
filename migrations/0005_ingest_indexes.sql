-- Up Migration

-- BeiDou attendance (api/devices/store.sql) looks for org-life events still open at a batch's
-- fix times: those ending after the batch's first fix, a handful out of years of events.
CREATE INDEX org_life_ends_idx ON org_life (ends_at);

-- Down Migration

DROP INDEX org_life_ends_idx;
