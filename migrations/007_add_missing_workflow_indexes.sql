-- 007: further workflow indexes. The seeds name the file and the tables it touches
-- (workflow_executions, workflow_steps; four indexes) but not the indexes; these four serve
-- the query patterns of seeds 002 and 003 (migrations/README.md).

-- "recently finished" lists and the completion side of throughput charts
CREATE INDEX IF NOT EXISTS idx_workflow_executions_completed_at
    ON workflow_executions (completed_at DESC) WHERE completed_at IS NOT NULL;
-- filtering by workflow type
CREATE INDEX IF NOT EXISTS idx_workflow_executions_workflow_type
    ON workflow_executions (workflow_type);
-- JSONB containment on the workflow metadata (seed 002, "JSONB Performance")
CREATE INDEX IF NOT EXISTS idx_workflow_exec_metadata_gin
    ON workflow_executions USING GIN (metadata);
-- step statistics per step name (seed 003, "Query step performance")
CREATE INDEX IF NOT EXISTS idx_workflow_steps_step_name ON workflow_steps (step_name);
