-- 011: event_logs, the Kafka event log for tracing and debugging (seed 003, table 7).

CREATE TABLE IF NOT EXISTS event_logs (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_type     VARCHAR(100) NOT NULL,
    correlation_id UUID,
    session_id     UUID,
    payload        JSONB NOT NULL,
    metadata       JSONB DEFAULT '{}'::jsonb,
    created_at     TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

CREATE INDEX IF NOT EXISTS idx_event_logs_correlation ON event_logs (correlation_id);
CREATE INDEX IF NOT EXISTS idx_event_logs_session ON event_logs (session_id);
CREATE INDEX IF NOT EXISTS idx_event_logs_type ON event_logs (event_type);
CREATE INDEX IF NOT EXISTS idx_event_logs_created ON event_logs (created_at);
CREATE INDEX IF NOT EXISTS idx_event_logs_payload_gin ON event_logs USING GIN (payload);

COMMENT ON TABLE event_logs IS 'Kafka event log for tracing and debugging';
COMMENT ON COLUMN event_logs.id IS 'Primary key';
COMMENT ON COLUMN event_logs.event_type IS 'Event type, e.g. WORKFLOW_STARTED or STAMP_CREATED';
COMMENT ON COLUMN event_logs.correlation_id IS 'Request/response correlation across services';
COMMENT ON COLUMN event_logs.session_id IS 'Optional session identifier';
COMMENT ON COLUMN event_logs.payload IS 'Event payload';
COMMENT ON COLUMN event_logs.metadata IS 'Event metadata';
COMMENT ON COLUMN event_logs.created_at IS 'When the event was logged';
