-- 009: orchestrator fields on workflow_executions (seed 000): seven columns, five indexes.
-- Every new column is nullable or has a default, so existing rows stay valid.

ALTER TABLE workflow_executions
    ADD COLUMN IF NOT EXISTS stamp_id VARCHAR(255),
    ADD COLUMN IF NOT EXISTS file_hash VARCHAR(64),
    ADD COLUMN IF NOT EXISTS workflow_steps JSONB NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN IF NOT EXISTS intelligence_data JSONB,
    ADD COLUMN IF NOT EXISTS hash_generation_time_ms INTEGER
        CONSTRAINT workflow_executions_hash_generation_time_check
        CHECK (hash_generation_time_ms >= 0),
    ADD COLUMN IF NOT EXISTS workflow_steps_executed INTEGER NOT NULL DEFAULT 0
        CONSTRAINT workflow_executions_steps_executed_check
        CHECK (workflow_steps_executed >= 0),
    ADD COLUMN IF NOT EXISTS session_id UUID;

CREATE INDEX IF NOT EXISTS idx_workflow_executions_stamp_id
    ON workflow_executions (stamp_id) WHERE stamp_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_workflow_executions_file_hash
    ON workflow_executions (file_hash) WHERE file_hash IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_workflow_executions_session_id
    ON workflow_executions (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_workflow_executions_workflow_steps_gin
    ON workflow_executions USING GIN (workflow_steps);
CREATE INDEX IF NOT EXISTS idx_workflow_executions_intelligence_gin
    ON workflow_executions USING GIN (intelligence_data);

COMMENT ON COLUMN workflow_executions.stamp_id IS 'Stamp identifier of a completed workflow';
COMMENT ON COLUMN workflow_executions.file_hash IS 'BLAKE3 hash of the file content';
COMMENT ON COLUMN workflow_executions.workflow_steps IS
    'Array of workflow step execution details';
COMMENT ON COLUMN workflow_executions.intelligence_data IS
    'OnexTree intelligence analysis (nullable)';
COMMENT ON COLUMN workflow_executions.hash_generation_time_ms IS
    'BLAKE3 hash generation time in milliseconds';
COMMENT ON COLUMN workflow_executions.workflow_steps_executed IS 'Total workflow steps executed';
COMMENT ON COLUMN workflow_executions.session_id IS 'Session grouping identifier (nullable)';
