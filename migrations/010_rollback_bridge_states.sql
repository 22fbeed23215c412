-- Undoes 010: its indexes, its table constraint, then its columns.
DROP INDEX IF EXISTS idx_bridge_states_namespace_window;
DROP INDEX IF EXISTS idx_bridge_states_namespace_aggregation_type;
DROP INDEX IF EXISTS idx_bridge_states_configuration_gin;
DROP INDEX IF EXISTS idx_bridge_states_workflows_gin;
DROP INDEX IF EXISTS idx_bridge_states_file_types_gin;
DROP INDEX IF EXISTS idx_bridge_states_total_size;
DROP INDEX IF EXISTS idx_bridge_states_window_end;
DROP INDEX IF EXISTS idx_bridge_states_window_start;
DROP INDEX IF EXISTS idx_bridge_states_aggregation_type;

ALTER TABLE bridge_states
    DROP CONSTRAINT IF EXISTS bridge_states_window_order_check,
    DROP COLUMN IF EXISTS configuration,
    DROP COLUMN IF EXISTS version,
    DROP COLUMN IF EXISTS items_per_second,
    DROP COLUMN IF EXISTS aggregation_duration_ms,
    DROP COLUMN IF EXISTS window_end,
    DROP COLUMN IF EXISTS window_start,
    DROP COLUMN IF EXISTS aggregation_type,
    DROP COLUMN IF EXISTS unique_workflows,
    DROP COLUMN IF EXISTS unique_file_types,
    DROP COLUMN IF EXISTS total_size_bytes;
