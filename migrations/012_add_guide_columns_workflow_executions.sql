-- 012: the workflow_executions columns of the database guide (seed 003) that 001 and 009
-- lack. The guide's workflow_id is NOT NULL there; added to a table that may hold rows, it is
-- nullable here. The guide's `state` is 001's current_state and is not added twice.

ALTER TABLE workflow_executions
    ADD COLUMN IF NOT EXISTS workflow_id UUID,
    ADD COLUMN IF NOT EXISTS input_data JSONB DEFAULT '{}'::jsonb,
    ADD COLUMN IF NOT EXISTS output_data JSONB DEFAULT '{}'::jsonb,
    ADD COLUMN IF NOT EXISTS error_info JSONB DEFAULT '{}'::jsonb;

CREATE INDEX IF NOT EXISTS idx_workflow_exec_workflow_id ON workflow_executions (workflow_id);

COMMENT ON COLUMN workflow_executions.workflow_id IS 'UUID identifier of the workflow definition';
COMMENT ON COLUMN workflow_executions.input_data IS 'Workflow input parameters';
COMMENT ON COLUMN workflow_executions.output_data IS 'Workflow results';
COMMENT ON COLUMN workflow_executions.error_info IS 'Structured error details when FAILED';
