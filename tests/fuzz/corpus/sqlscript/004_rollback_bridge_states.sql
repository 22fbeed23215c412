-- Undoes 004.
DROP TABLE IF EXISTS bridge_states;
