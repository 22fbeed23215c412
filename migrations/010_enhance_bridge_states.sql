-- 010: reducer fields on bridge_states (seed 000): ten columns, nine indexes.
-- Every new column is nullable or has a default, so existing rows stay valid.

ALTER TABLE bridge_states
    ADD COLUMN IF NOT EXISTS total_size_bytes BIGINT NOT NULL DEFAULT 0
        CONSTRAINT bridge_states_total_size_check CHECK (total_size_bytes >= 0),
    ADD COLUMN IF NOT EXISTS unique_file_types TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN IF NOT EXISTS unique_workflows UUID[] NOT NULL DEFAULT '{}',
    ADD COLUMN IF NOT EXISTS aggregation_type VARCHAR(50) NOT NULL DEFAULT 'namespace_grouping',
    ADD COLUMN IF NOT EXISTS window_start TIMESTAMP WITH TIME ZONE,
    ADD COLUMN IF NOT EXISTS window_end TIMESTAMP WITH TIME ZONE,
    ADD COLUMN IF NOT EXISTS aggregation_duration_ms INTEGER
        CONSTRAINT bridge_states_aggregation_duration_check CHECK (aggregation_duration_ms >= 0),
    ADD COLUMN IF NOT EXISTS items_per_second NUMERIC(10, 2)
        CONSTRAINT bridge_states_items_per_second_check CHECK (items_per_second >= 0),
    ADD COLUMN IF NOT EXISTS version INTEGER NOT NULL DEFAULT 1
        CONSTRAINT bridge_states_version_check CHECK (version >= 1),
    ADD COLUMN IF NOT EXISTS configuration JSONB DEFAULT '{}'::jsonb;

-- A window that ends before it starts is a reducer bug; a table constraint has no IF NOT
-- EXISTS, so look it up first.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint
                   WHERE conname = 'bridge_states_window_order_check'
                     AND conrelid = 'bridge_states'::regclass) THEN
        ALTER TABLE bridge_states ADD CONSTRAINT bridge_states_window_order_check
            CHECK (window_end IS NULL OR window_start IS NULL OR window_end >= window_start);
    END IF;
END
$$;

CREATE INDEX IF NOT EXISTS idx_bridge_states_aggregation_type
    ON bridge_states (aggregation_type);
CREATE INDEX IF NOT EXISTS idx_bridge_states_window_start ON bridge_states (window_start DESC);
CREATE INDEX IF NOT EXISTS idx_bridge_states_window_end ON bridge_states (window_end DESC);
CREATE INDEX IF NOT EXISTS idx_bridge_states_total_size ON bridge_states (total_size_bytes DESC);
CREATE INDEX IF NOT EXISTS idx_bridge_states_file_types_gin
    ON bridge_states USING GIN (unique_file_types);
CREATE INDEX IF NOT EXISTS idx_bridge_states_workflows_gin
    ON bridge_states USING GIN (unique_workflows);
CREATE INDEX IF NOT EXISTS idx_bridge_states_configuration_gin
    ON bridge_states USING GIN (configuration);
CREATE INDEX IF NOT EXISTS idx_bridge_states_namespace_aggregation_type
    ON bridge_states (namespace, aggregation_type);
CREATE INDEX IF NOT EXISTS idx_bridge_states_namespace_window
    ON bridge_states (namespace, window_start DESC, window_end DESC);

COMMENT ON COLUMN bridge_states.total_size_bytes IS 'Total size of stamped files in bytes';
COMMENT ON COLUMN bridge_states.unique_file_types IS 'Unique MIME types seen';
COMMENT ON COLUMN bridge_states.unique_workflows IS 'Unique workflow IDs aggregated';
COMMENT ON COLUMN bridge_states.aggregation_type IS 'Aggregation strategy';
COMMENT ON COLUMN bridge_states.window_start IS 'Aggregation window start (nullable)';
COMMENT ON COLUMN bridge_states.window_end IS 'Aggregation window end (nullable)';
COMMENT ON COLUMN bridge_states.aggregation_duration_ms IS 'Aggregation operation duration';
COMMENT ON COLUMN bridge_states.items_per_second IS 'Aggregation throughput';
COMMENT ON COLUMN bridge_states.version IS 'Version for optimistic locking';
COMMENT ON COLUMN bridge_states.configuration IS 'Aggregation configuration';
