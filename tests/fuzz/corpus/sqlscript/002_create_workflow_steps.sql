-- 002: workflow_steps, the ordered steps of a workflow. Deleting a workflow deletes its steps
-- (ON DELETE CASCADE, seed 001).

CREATE TABLE IF NOT EXISTS workflow_steps (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id       UUID NOT NULL
        CONSTRAINT workflow_steps_workflow_id_fkey
        REFERENCES workflow_executions (id) ON DELETE CASCADE,
    step_name         VARCHAR(100) NOT NULL,
    step_order        INTEGER NOT NULL,
    status            VARCHAR(50) NOT NULL DEFAULT 'PENDING',
    execution_time_ms INTEGER,
    step_data         JSONB DEFAULT '{}'::jsonb,
    error_message     TEXT,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT workflow_steps_step_order_check CHECK (step_order >= 0),
    CONSTRAINT workflow_steps_status_check
        CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED')),
    CONSTRAINT workflow_steps_execution_time_check
        CHECK (execution_time_ms IS NULL OR execution_time_ms >= 0)
);

CREATE INDEX IF NOT EXISTS idx_workflow_steps_workflow_id ON workflow_steps (workflow_id);
CREATE INDEX IF NOT EXISTS idx_workflow_steps_status ON workflow_steps (status);
CREATE INDEX IF NOT EXISTS idx_workflow_steps_created_at ON workflow_steps (created_at DESC);

COMMENT ON TABLE workflow_steps IS 'Step-by-step execution history of each workflow';
COMMENT ON COLUMN workflow_steps.id IS 'Primary key';
COMMENT ON COLUMN workflow_steps.workflow_id IS
    'The workflow this step belongs to (deleted with it: ON DELETE CASCADE)';
COMMENT ON COLUMN workflow_steps.step_name IS 'Step name, e.g. validate_input or generate_hash';
COMMENT ON COLUMN workflow_steps.step_order IS 'Execution order within the workflow, from 0';
COMMENT ON COLUMN workflow_steps.status IS 'PENDING, RUNNING, COMPLETED, FAILED or SKIPPED';
COMMENT ON COLUMN workflow_steps.execution_time_ms IS 'Step duration in milliseconds';
COMMENT ON COLUMN workflow_steps.step_data IS 'Step-specific parameters and results';
COMMENT ON COLUMN workflow_steps.error_message IS 'Error details when the step failed';
COMMENT ON COLUMN workflow_steps.created_at IS 'When the step record was written';
