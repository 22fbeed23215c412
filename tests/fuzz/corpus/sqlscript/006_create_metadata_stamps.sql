-- 006: metadata_stamps, the audit trail of stamp operations. A stamp outlives its workflow:
-- deleting the workflow sets workflow_id to NULL (ON DELETE SET NULL, seed 001).

CREATE TABLE IF NOT EXISTS metadata_stamps (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id UUID
        CONSTRAINT metadata_stamps_workflow_id_fkey
        REFERENCES workflow_executions (id) ON DELETE SET NULL,
    file_hash   VARCHAR(64) NOT NULL,
    stamp_data  JSONB NOT NULL DEFAULT '{}'::jsonb,
    namespace   VARCHAR(255) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);

CREATE INDEX IF NOT EXISTS idx_metadata_stamps_workflow_id ON metadata_stamps (workflow_id);
CREATE INDEX IF NOT EXISTS idx_metadata_stamps_file_hash ON metadata_stamps (file_hash);
CREATE INDEX IF NOT EXISTS idx_metadata_stamps_namespace ON metadata_stamps (namespace);
CREATE INDEX IF NOT EXISTS idx_metadata_stamps_created_at ON metadata_stamps (created_at DESC);

COMMENT ON TABLE metadata_stamps IS 'Audit trail of metadata stamp operations';
COMMENT ON COLUMN metadata_stamps.id IS 'Primary key';
COMMENT ON COLUMN metadata_stamps.workflow_id IS
    'The workflow that produced the stamp (NULL once it is deleted: ON DELETE SET NULL)';
COMMENT ON COLUMN metadata_stamps.file_hash IS 'BLAKE3 hash of the file content (64 hex digits)';
COMMENT ON COLUMN metadata_stamps.stamp_data IS 'Complete stamp information';
COMMENT ON COLUMN metadata_stamps.namespace IS 'Tenant namespace for multi-tenant isolation';
COMMENT ON COLUMN metadata_stamps.created_at IS 'When the stamp was written';
