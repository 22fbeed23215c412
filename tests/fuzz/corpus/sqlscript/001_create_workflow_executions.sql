-- 001: workflow_executions, one row per workflow run from PENDING to COMPLETED or FAILED.
-- Columns, the unique correlation_id and the four indexes follow seeds 001 and 002.
-- gen_random_uuid() is built into PostgreSQL 13+, so no extension is needed (migrations/README.md).

CREATE TABLE IF NOT EXISTS workflow_executions (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    correlation_id    UUID NOT NULL,
    workflow_type     VARCHAR(100) NOT NULL,
    current_state     VARCHAR(50) NOT NULL DEFAULT 'PENDING',
    namespace         VARCHAR(255) NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    completed_at      TIMESTAMP WITH TIME ZONE,
    execution_time_ms INTEGER,
    error_message     TEXT,
    metadata          JSONB DEFAULT '{}'::jsonb,
    CONSTRAINT workflow_executions_correlation_id_key UNIQUE (correlation_id),
    CONSTRAINT workflow_executions_current_state_check
        CHECK (current_state IN ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED')),
    CONSTRAINT workflow_executions_execution_time_check
        CHECK (execution_time_ms IS NULL OR execution_time_ms >= 0),
    CONSTRAINT workflow_executions_completed_after_start_check
        CHECK (completed_at IS NULL OR completed_at >= started_at)
);

CREATE INDEX IF NOT EXISTS idx_workflow_executions_namespace
    ON workflow_executions (namespace);
CREATE INDEX IF NOT EXISTS idx_workflow_executions_current_state
    ON workflow_executions (current_state);
CREATE INDEX IF NOT EXISTS idx_workflow_executions_started_at
    ON workflow_executions (started_at DESC);

COMMENT ON TABLE workflow_executions IS
    'Workflow execution lifecycle: one row per run, tracked by correlation_id';
COMMENT ON COLUMN workflow_executions.id IS 'Primary key';
COMMENT ON COLUMN workflow_executions.correlation_id IS
    'Correlation identifier shared by every event of the workflow (unique)';
COMMENT ON COLUMN workflow_executions.workflow_type IS 'Kind of workflow, e.g. stamping';
COMMENT ON COLUMN workflow_executions.current_state IS
    'FSM state: PENDING, PROCESSING, COMPLETED or FAILED';
COMMENT ON COLUMN workflow_executions.namespace IS 'Tenant namespace for multi-tenant isolation';
COMMENT ON COLUMN workflow_executions.started_at IS 'When the workflow started';
COMMENT ON COLUMN workflow_executions.completed_at IS 'When the workflow reached COMPLETED or FAILED';
COMMENT ON COLUMN workflow_executions.execution_time_ms IS 'Total execution time in milliseconds';
COMMENT ON COLUMN workflow_executions.error_message IS 'Error details when current_state is FAILED';
COMMENT ON COLUMN workflow_executions.metadata IS 'Workflow configuration and context';
