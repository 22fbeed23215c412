-- Undoes 007.
DROP INDEX IF EXISTS idx_workflow_steps_step_name;
DROP INDEX IF EXISTS idx_workflow_exec_metadata_gin;
DROP INDEX IF EXISTS idx_workflow_executions_workflow_type;
DROP INDEX IF EXISTS idx_workflow_executions_completed_at;
