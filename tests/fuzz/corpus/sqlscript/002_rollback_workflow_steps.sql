-- Undoes 002.
DROP TABLE IF EXISTS workflow_steps;
