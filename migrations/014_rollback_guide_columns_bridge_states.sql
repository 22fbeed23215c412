-- Undoes 014.
DROP INDEX IF EXISTS idx_bridge_states_node_type;
DROP INDEX IF EXISTS idx_bridge_states_correlation;
ALTER TABLE bridge_states
    DROP COLUMN IF EXISTS updated_at,
    DROP COLUMN IF EXISTS created_at,
    DROP COLUMN IF EXISTS metadata,
    DROP COLUMN IF EXISTS correlation_id,
    DROP COLUMN IF EXISTS node_type;
