-- Undoes 012.
DROP INDEX IF EXISTS idx_workflow_exec_workflow_id;
ALTER TABLE workflow_executions
    DROP COLUMN IF EXISTS error_info,
    DROP COLUMN IF EXISTS output_data,
    DROP COLUMN IF EXISTS input_data,
    DROP COLUMN IF EXISTS workflow_id;
