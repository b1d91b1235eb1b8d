-- Up Migration
-- Issue 12: the HMAC secret of a device was its stored key hash, so a copy of this table could sign for every device.
-- Each device now has a signing secret of its own (derived from its API key on the device side), stored here only
-- encrypted: AES-256-GCM under INGEST_DEVICE_SECRET_KEY, bound to the device id, as v1.<key id>.<iv>.<ct>.<tag>
-- (services/ingestion/src/transform/secret-box.ts). Devices registered before this migration have none: their bearer
-- key keeps working, HMAC requests are refused until `shelfctl devices add` rotates their key.
ALTER TABLE shelfstream.devices
  ADD COLUMN signing_secret_sealed text
    CHECK (signing_secret_sealed IS NULL OR signing_secret_sealed ~ '^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$');

-- Down Migration
ALTER TABLE shelfstream.devices DROP COLUMN IF EXISTS signing_secret_sealed;
