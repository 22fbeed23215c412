-- Undoes 006.
DROP TABLE IF EXISTS metadata_stamps;
