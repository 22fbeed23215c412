-- Undoes 001. Run after 002 and 006 are rolled back: their foreign keys reference this table.
DROP TABLE IF EXISTS workflow_executions;
