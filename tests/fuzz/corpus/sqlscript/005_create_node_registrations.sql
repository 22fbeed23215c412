-- 005: node_registrations, the service-discovery registry with health and heartbeat (seed 002).

CREATE TABLE IF NOT EXISTS node_registrations (
    node_id        VARCHAR(255) PRIMARY KEY,
    node_type      VARCHAR(50) NOT NULL,
    node_version   VARCHAR(50) NOT NULL,
    capabilities   JSONB DEFAULT '{}'::jsonb,
    endpoints      JSONB DEFAULT '{}'::jsonb,
    metadata       JSONB DEFAULT '{}'::jsonb,
    health_status  VARCHAR(20) NOT NULL DEFAULT 'UNKNOWN',
    last_heartbeat TIMESTAMP WITH TIME ZONE,
    CONSTRAINT node_registrations_health_status_check
        CHECK (health_status IN ('HEALTHY', 'DEGRADED', 'UNHEALTHY', 'UNKNOWN'))
);

CREATE INDEX IF NOT EXISTS idx_node_registrations_health_status
    ON node_registrations (health_status);
CREATE INDEX IF NOT EXISTS idx_node_registrations_node_type ON node_registrations (node_type);
CREATE INDEX IF NOT EXISTS idx_node_registrations_last_heartbeat
    ON node_registrations (last_heartbeat DESC);

COMMENT ON TABLE node_registrations IS 'Service discovery registry and node health';
COMMENT ON COLUMN node_registrations.node_id IS 'Node identifier (primary key)';
COMMENT ON COLUMN node_registrations.node_type IS 'ORCHESTRATOR, REDUCER, REGISTRY, ...';
COMMENT ON COLUMN node_registrations.node_version IS 'Node software version';
COMMENT ON COLUMN node_registrations.capabilities IS 'What the node can do';
COMMENT ON COLUMN node_registrations.endpoints IS 'How to reach the node';
COMMENT ON COLUMN node_registrations.metadata IS 'Node configuration';
COMMENT ON COLUMN node_registrations.health_status IS 'HEALTHY, DEGRADED, UNHEALTHY or UNKNOWN';
COMMENT ON COLUMN node_registrations.last_heartbeat IS 'Last heartbeat, for staleness detection';
