-- Undoes 011.
DROP TABLE IF EXISTS event_logs;
