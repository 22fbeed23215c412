-- 014: the bridge_states columns of the database guide (seed 003) that fit 004's model.
-- The guide's id/state/state_data would be a second key and a second state column; they are
-- not added (migrations/README.md).

ALTER TABLE bridge_states
    ADD COLUMN IF NOT EXISTS node_type VARCHAR(50),
    ADD COLUMN IF NOT EXISTS correlation_id UUID,
    ADD COLUMN IF NOT EXISTS metadata JSONB DEFAULT '{}'::jsonb,
    ADD COLUMN IF NOT EXISTS created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW();

CREATE INDEX IF NOT EXISTS idx_bridge_states_correlation ON bridge_states (correlation_id);
CREATE INDEX IF NOT EXISTS idx_bridge_states_node_type ON bridge_states (node_type);

COMMENT ON COLUMN bridge_states.node_type IS 'Bridge node type: ORCHESTRATOR, REDUCER, REGISTRY';
COMMENT ON COLUMN bridge_states.correlation_id IS 'Links the state to a workflow';
COMMENT ON COLUMN bridge_states.metadata IS 'Extended metadata';
COMMENT ON COLUMN bridge_states.created_at IS 'When the bridge state was created';
COMMENT ON COLUMN bridge_states.updated_at IS 'When the bridge state last changed';
