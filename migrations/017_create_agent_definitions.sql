-- 017: agent_definitions, the agent registry of the observability framework (seed 004):
-- YAML configuration as JSONB, capabilities and triggers as arrays, versioned by
-- (agent_name, agent_version), a SHA-256 hash for change detection, and updated_at kept
-- current by a trigger.

CREATE TABLE IF NOT EXISTS agent_definitions (
    id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_name            VARCHAR(255) NOT NULL,
    agent_version         VARCHAR(50) NOT NULL DEFAULT '1.0.0',
    description           TEXT,
    yaml_config           JSONB NOT NULL DEFAULT '{}'::jsonb,
    parsed_metadata       JSONB DEFAULT '{}'::jsonb,
    capabilities          TEXT[] NOT NULL DEFAULT '{}',
    triggers              TEXT[] NOT NULL DEFAULT '{}',
    config_hash           CHAR(64),
    is_active             BOOLEAN NOT NULL DEFAULT TRUE,
    success_rate          DECIMAL(5, 4),
    quality_score         DECIMAL(5, 4),
    avg_execution_time_ms INTEGER,
    total_executions      INTEGER NOT NULL DEFAULT 0,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT agent_definitions_name_version_key UNIQUE (agent_name, agent_version),
    CONSTRAINT agent_definitions_config_hash_check CHECK (config_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT agent_definitions_success_rate_check CHECK (success_rate BETWEEN 0 AND 1),
    CONSTRAINT agent_definitions_quality_score_check CHECK (quality_score BETWEEN 0 AND 1),
    CONSTRAINT agent_definitions_avg_execution_time_check CHECK (avg_execution_time_ms >= 0),
    CONSTRAINT agent_definitions_total_executions_check CHECK (total_executions >= 0)
);

CREATE INDEX IF NOT EXISTS idx_agent_definitions_agent_name ON agent_definitions (agent_name);
CREATE INDEX IF NOT EXISTS idx_agent_definitions_active
    ON agent_definitions (agent_name) WHERE is_active;
CREATE INDEX IF NOT EXISTS idx_agent_definitions_config_hash ON agent_definitions (config_hash);
CREATE INDEX IF NOT EXISTS idx_agent_definitions_created_at
    ON agent_definitions (created_at DESC);
CREATE INDEX IF NOT EXISTS idx_agent_definitions_yaml_config_gin
    ON agent_definitions USING GIN (yaml_config);
CREATE INDEX IF NOT EXISTS idx_agent_definitions_parsed_metadata_gin
    ON agent_definitions USING GIN (parsed_metadata);
CREATE INDEX IF NOT EXISTS idx_agent_definitions_capabilities_gin
    ON agent_definitions USING GIN (capabilities);
CREATE INDEX IF NOT EXISTS idx_agent_definitions_triggers_gin
    ON agent_definitions USING GIN (triggers);
CREATE INDEX IF NOT EXISTS idx_agent_definitions_performance
    ON agent_definitions (success_rate DESC, quality_score DESC, avg_execution_time_ms ASC);

-- Keeps updated_at current on every UPDATE, whatever the client sends.
CREATE OR REPLACE FUNCTION agent_definitions_set_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.updated_at := NOW();
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS trg_agent_definitions_updated_at ON agent_definitions;
CREATE TRIGGER trg_agent_definitions_updated_at
    BEFORE UPDATE ON agent_definitions
    FOR EACH ROW EXECUTE FUNCTION agent_definitions_set_updated_at();

COMMENT ON TABLE agent_definitions IS 'Agent registry: YAML configurations and performance';
COMMENT ON COLUMN agent_definitions.id IS 'Primary key';
COMMENT ON COLUMN agent_definitions.agent_name IS 'Agent name';
COMMENT ON COLUMN agent_definitions.agent_version IS 'Agent version; unique with agent_name';
COMMENT ON COLUMN agent_definitions.description IS 'What the agent does';
COMMENT ON COLUMN agent_definitions.yaml_config IS 'The complete YAML configuration as JSONB';
COMMENT ON COLUMN agent_definitions.parsed_metadata IS 'Metadata parsed from the configuration';
COMMENT ON COLUMN agent_definitions.capabilities IS 'Capabilities, for capability-based routing';
COMMENT ON COLUMN agent_definitions.triggers IS 'Trigger phrases, for fuzzy matching';
COMMENT ON COLUMN agent_definitions.config_hash IS 'SHA-256 of the configuration (64 hex digits)';
COMMENT ON COLUMN agent_definitions.is_active IS 'Whether the router may select the agent';
COMMENT ON COLUMN agent_definitions.success_rate IS 'Share of successful executions, 0 to 1';
COMMENT ON COLUMN agent_definitions.quality_score IS 'Mean quality score, 0 to 1';
COMMENT ON COLUMN agent_definitions.avg_execution_time_ms IS 'Mean execution time';
COMMENT ON COLUMN agent_definitions.total_executions IS 'Number of executions';
COMMENT ON COLUMN agent_definitions.created_at IS 'When the definition was registered';
COMMENT ON COLUMN agent_definitions.updated_at IS 'Last change (set by trigger)';
