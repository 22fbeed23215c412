-- Undoes 015.
ALTER TABLE node_registrations
    DROP COLUMN IF EXISTS registered_at,
    DROP COLUMN IF EXISTS endpoint_url;
