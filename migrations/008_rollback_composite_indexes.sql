-- Undoes 008.
DROP INDEX IF EXISTS idx_workflow_executions_type_started;
DROP INDEX IF EXISTS idx_workflow_executions_state_started;
DROP INDEX IF EXISTS idx_workflow_executions_namespace_state_started;
DROP INDEX IF EXISTS idx_metadata_stamps_namespace_created;
DROP INDEX IF EXISTS idx_node_registrations_type_health;
DROP INDEX IF EXISTS idx_bridge_states_namespace_state;
DROP INDEX IF EXISTS idx_fsm_transitions_from_to;
DROP INDEX IF EXISTS idx_workflow_steps_workflow_order;
