-- 013: the workflow_steps columns of the database guide (seed 003) that 002 lacks.
-- step_type is NOT NULL in the guide; added to a table that may hold rows, it is nullable.

ALTER TABLE workflow_steps
    ADD COLUMN IF NOT EXISTS step_type VARCHAR(50),
    ADD COLUMN IF NOT EXISTS input_data JSONB DEFAULT '{}'::jsonb,
    ADD COLUMN IF NOT EXISTS output_data JSONB DEFAULT '{}'::jsonb,
    ADD COLUMN IF NOT EXISTS started_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN IF NOT EXISTS completed_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX IF NOT EXISTS idx_workflow_steps_type ON workflow_steps (step_type);

COMMENT ON COLUMN workflow_steps.step_type IS 'Step category: validation, routing, compute, effect';
COMMENT ON COLUMN workflow_steps.input_data IS 'Step input';
COMMENT ON COLUMN workflow_steps.output_data IS 'Step output';
COMMENT ON COLUMN workflow_steps.started_at IS 'When the step started';
COMMENT ON COLUMN workflow_steps.completed_at IS 'When the step finished';
