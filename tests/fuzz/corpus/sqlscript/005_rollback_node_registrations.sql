-- Undoes 005.
DROP TABLE IF EXISTS node_registrations;
