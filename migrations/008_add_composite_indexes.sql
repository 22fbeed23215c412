-- 008: compound indexes for the common query patterns of seed 002. The five it names come
-- first; the other three serve its "recent failed workflows by namespace" and "system
-- health" queries (eight in all, as seed 002 counts them).

CREATE INDEX IF NOT EXISTS idx_workflow_steps_workflow_order
    ON workflow_steps (workflow_id, step_order);
CREATE INDEX IF NOT EXISTS idx_fsm_transitions_from_to
    ON fsm_transitions (from_state, to_state);
CREATE INDEX IF NOT EXISTS idx_bridge_states_namespace_state
    ON bridge_states (namespace, current_fsm_state);
CREATE INDEX IF NOT EXISTS idx_node_registrations_type_health
    ON node_registrations (node_type, health_status);
CREATE INDEX IF NOT EXISTS idx_metadata_stamps_namespace_created
    ON metadata_stamps (namespace, created_at DESC);

CREATE INDEX IF NOT EXISTS idx_workflow_executions_namespace_state_started
    ON workflow_executions (namespace, current_state, started_at DESC);
CREATE INDEX IF NOT EXISTS idx_workflow_executions_state_started
    ON workflow_executions (current_state, started_at DESC);
CREATE INDEX IF NOT EXISTS idx_workflow_executions_type_started
    ON workflow_executions (workflow_type, started_at DESC);
