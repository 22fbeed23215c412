-- Undoes 013.
DROP INDEX IF EXISTS idx_workflow_steps_type;
ALTER TABLE workflow_steps
    DROP COLUMN IF EXISTS completed_at,
    DROP COLUMN IF EXISTS started_at,
    DROP COLUMN IF EXISTS output_data,
    DROP COLUMN IF EXISTS input_data,
    DROP COLUMN IF EXISTS step_type;
