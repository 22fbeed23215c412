-- 018: agent_transformation_events, each agent identity transformation with its context
-- (seed 004). parent_event_id references this table for nested transformations;
-- agent_definition_id links the definition used. Deleting either keeps the event as history
-- (ON DELETE SET NULL).

CREATE TABLE IF NOT EXISTS agent_transformation_events (
    id                     UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_type             VARCHAR(50) NOT NULL,
    correlation_id         UUID NOT NULL,
    session_id             UUID,
    parent_event_id        UUID
        CONSTRAINT agent_transformation_events_parent_fkey
        REFERENCES agent_transformation_events (id) ON DELETE SET NULL,
    agent_definition_id    UUID
        CONSTRAINT agent_transformation_events_definition_fkey
        REFERENCES agent_definitions (id) ON DELETE SET NULL,
    source_agent           VARCHAR(255),
    target_agent           VARCHAR(255) NOT NULL,
    routing_confidence     DECIMAL(5, 4),
    routing_strategy       VARCHAR(100),
    transformation_time_ms INTEGER,
    initialization_time_ms INTEGER,
    execution_time_ms      INTEGER,
    quality_score          DECIMAL(5, 4),
    success                BOOLEAN,
    error_message          TEXT,
    context_snapshot       JSONB NOT NULL DEFAULT '{}'::jsonb,
    started_at             TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    completed_at           TIMESTAMP WITH TIME ZONE,
    CONSTRAINT agent_transformation_events_event_type_check
        CHECK (event_type IN ('transformation_start', 'transformation_complete',
                              'transformation_failed')),
    CONSTRAINT agent_transformation_events_not_own_parent_check CHECK (parent_event_id <> id),
    CONSTRAINT agent_transformation_events_confidence_check
        CHECK (routing_confidence BETWEEN 0 AND 1),
    CONSTRAINT agent_transformation_events_quality_check CHECK (quality_score BETWEEN 0 AND 1),
    CONSTRAINT agent_transformation_events_times_check
        CHECK (transformation_time_ms >= 0 AND initialization_time_ms >= 0
               AND execution_time_ms >= 0),
    CONSTRAINT agent_transformation_events_completed_check
        CHECK (completed_at IS NULL OR completed_at >= started_at)
);

CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_correlation
    ON agent_transformation_events (correlation_id);
CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_session
    ON agent_transformation_events (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_parent
    ON agent_transformation_events (parent_event_id) WHERE parent_event_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_definition
    ON agent_transformation_events (agent_definition_id);
CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_target_agent
    ON agent_transformation_events (target_agent);
CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_source_agent
    ON agent_transformation_events (source_agent) WHERE source_agent IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_event_type
    ON agent_transformation_events (event_type);
CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_started_at
    ON agent_transformation_events (started_at DESC);
CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_target_started
    ON agent_transformation_events (target_agent, started_at DESC);
CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_quality
    ON agent_transformation_events (quality_score) WHERE quality_score IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_agent_transformation_events_context_gin
    ON agent_transformation_events USING GIN (context_snapshot);

COMMENT ON TABLE agent_transformation_events IS
    'Agent identity transformations with context, for debugging and learning';
COMMENT ON COLUMN agent_transformation_events.id IS 'Primary key';
COMMENT ON COLUMN agent_transformation_events.event_type IS
    'transformation_start, transformation_complete or transformation_failed';
COMMENT ON COLUMN agent_transformation_events.correlation_id IS 'Distributed tracing identifier';
COMMENT ON COLUMN agent_transformation_events.session_id IS 'Conversation identifier';
COMMENT ON COLUMN agent_transformation_events.parent_event_id IS
    'Enclosing transformation (self-reference; NULL once it is deleted)';
COMMENT ON COLUMN agent_transformation_events.agent_definition_id IS 'Definition used';
COMMENT ON COLUMN agent_transformation_events.source_agent IS 'Agent before the transformation';
COMMENT ON COLUMN agent_transformation_events.target_agent IS 'Agent after the transformation';
COMMENT ON COLUMN agent_transformation_events.routing_confidence IS 'Router confidence, 0 to 1';
COMMENT ON COLUMN agent_transformation_events.routing_strategy IS 'How the router chose';
COMMENT ON COLUMN agent_transformation_events.transformation_time_ms IS 'Transformation time';
COMMENT ON COLUMN agent_transformation_events.initialization_time_ms IS 'Initialization time';
COMMENT ON COLUMN agent_transformation_events.execution_time_ms IS 'Execution time';
COMMENT ON COLUMN agent_transformation_events.quality_score IS 'Outcome quality, 0 to 1';
COMMENT ON COLUMN agent_transformation_events.success IS 'Whether the transformation succeeded';
COMMENT ON COLUMN agent_transformation_events.error_message IS 'Why it failed';
COMMENT ON COLUMN agent_transformation_events.context_snapshot IS 'Context for debugging and replay';
COMMENT ON COLUMN agent_transformation_events.started_at IS 'When it started';
COMMENT ON COLUMN agent_transformation_events.completed_at IS 'When it finished';
