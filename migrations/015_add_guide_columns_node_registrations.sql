-- 015: the node_registrations columns of the database guide (seed 003) that fit 005's model.
-- The guide keys nodes by a UUID id with a UUID node_id; 005 keys them by a VARCHAR node_id,
-- which stays (migrations/README.md).

ALTER TABLE node_registrations
    ADD COLUMN IF NOT EXISTS endpoint_url VARCHAR(500),
    ADD COLUMN IF NOT EXISTS registered_at TIMESTAMP WITH TIME ZONE DEFAULT NOW();

COMMENT ON COLUMN node_registrations.endpoint_url IS 'HTTP endpoint for node communication';
COMMENT ON COLUMN node_registrations.registered_at IS 'When the node first registered';
