-- Undoes 017: the table (its trigger goes with it), then the trigger function.
DROP TABLE IF EXISTS agent_definitions;
DROP FUNCTION IF EXISTS agent_definitions_set_updated_at();
