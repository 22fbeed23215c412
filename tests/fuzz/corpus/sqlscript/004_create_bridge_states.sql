-- 004: bridge_states, the reducer's cumulative aggregation state per bridge (seed 002).

CREATE TABLE IF NOT EXISTS bridge_states (
    bridge_id                  UUID PRIMARY KEY,
    namespace                  VARCHAR(255) NOT NULL,
    total_workflows_processed  BIGINT NOT NULL DEFAULT 0,
    total_items_aggregated     BIGINT NOT NULL DEFAULT 0,
    aggregation_metadata       JSONB DEFAULT '{}'::jsonb,
    current_fsm_state          VARCHAR(50) NOT NULL DEFAULT 'IDLE',
    last_aggregation_timestamp TIMESTAMP WITH TIME ZONE,
    CONSTRAINT bridge_states_total_workflows_check CHECK (total_workflows_processed >= 0),
    CONSTRAINT bridge_states_total_items_check CHECK (total_items_aggregated >= 0)
);

CREATE INDEX IF NOT EXISTS idx_bridge_states_namespace ON bridge_states (namespace);
CREATE INDEX IF NOT EXISTS idx_bridge_states_current_fsm_state
    ON bridge_states (current_fsm_state);
CREATE INDEX IF NOT EXISTS idx_bridge_states_last_aggregation
    ON bridge_states (last_aggregation_timestamp DESC);

COMMENT ON TABLE bridge_states IS 'Aggregation state of each reducer bridge';
COMMENT ON COLUMN bridge_states.bridge_id IS 'Bridge instance identifier (primary key)';
COMMENT ON COLUMN bridge_states.namespace IS 'Tenant namespace for multi-tenant isolation';
COMMENT ON COLUMN bridge_states.total_workflows_processed IS 'Cumulative count of workflows';
COMMENT ON COLUMN bridge_states.total_items_aggregated IS 'Cumulative count of aggregated items';
COMMENT ON COLUMN bridge_states.aggregation_metadata IS 'Aggregation statistics';
COMMENT ON COLUMN bridge_states.current_fsm_state IS 'Current FSM state of the bridge';
COMMENT ON COLUMN bridge_states.last_aggregation_timestamp IS 'Most recent aggregation';
