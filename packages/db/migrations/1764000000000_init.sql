-- Up Migration
-- The first migration only records the schema's owner; each stage adds its own tables in later files.
CREATE SCHEMA IF NOT EXISTS shelfstream;
COMMENT ON SCHEMA shelfstream IS 'shelfstream: captures, planograms, compliance results (packages/db/migrations)';

-- Down Migration
DROP SCHEMA IF EXISTS shelfstream;
