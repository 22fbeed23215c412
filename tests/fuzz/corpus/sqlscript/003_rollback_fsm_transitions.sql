-- Undoes 003.
DROP TABLE IF EXISTS fsm_transitions;
