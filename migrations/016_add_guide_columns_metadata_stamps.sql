-- 016: the metadata_stamps columns of the database guide (seed 003) that 006 lacks.
-- stamp_id is NOT NULL UNIQUE in the guide; added to a table that may hold rows it is
-- nullable, and a unique index keeps two stamps from sharing an id. The guide's UNIQUE on
-- file_hash is not taken: 006 is an audit trail in which a file may be stamped again.

ALTER TABLE metadata_stamps
    ADD COLUMN IF NOT EXISTS stamp_id VARCHAR(100),
    ADD COLUMN IF NOT EXISTS file_metadata JSONB DEFAULT '{}'::jsonb,
    ADD COLUMN IF NOT EXISTS intelligence_data JSONB DEFAULT '{}'::jsonb,
    ADD COLUMN IF NOT EXISTS metadata_version VARCHAR(10) DEFAULT '0.1';

CREATE UNIQUE INDEX IF NOT EXISTS idx_metadata_stamps_stamp_id ON metadata_stamps (stamp_id);
CREATE INDEX IF NOT EXISTS idx_metadata_stamps_intelligence_gin
    ON metadata_stamps USING GIN (intelligence_data);

COMMENT ON COLUMN metadata_stamps.stamp_id IS 'Unique stamp identifier, e.g. stamp_abc123';
COMMENT ON COLUMN metadata_stamps.file_metadata IS 'File size, type and similar';
COMMENT ON COLUMN metadata_stamps.intelligence_data IS 'OnexTree AI analysis';
COMMENT ON COLUMN metadata_stamps.metadata_version IS 'O.N.E. protocol version';
