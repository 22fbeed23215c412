-- Undoes 016.
DROP INDEX IF EXISTS idx_metadata_stamps_intelligence_gin;
DROP INDEX IF EXISTS idx_metadata_stamps_stamp_id;
ALTER TABLE metadata_stamps
    DROP COLUMN IF EXISTS metadata_version,
    DROP COLUMN IF EXISTS intelligence_data,
    DROP COLUMN IF EXISTS file_metadata,
    DROP COLUMN IF EXISTS stamp_id;
