-- Undoes 018.
DROP TABLE IF EXISTS agent_transformation_events;
