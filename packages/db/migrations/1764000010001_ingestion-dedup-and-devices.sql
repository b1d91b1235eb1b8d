-- Up Migration
-- Ingestion's dedup ledger: one row per capture id, written when a capture is first accepted. The origin
-- (topic/partition/offset of the consumed record) tells a redelivery of the SAME record after an aborted Kafka
-- transaction (re-emit) from a different record with the same key (a duplicate). See services/ingestion/README.md.
CREATE TABLE shelfstream.ingestion_captures (
  capture_id       text PRIMARY KEY CHECK (capture_id ~ '^[0-9a-f]{64}$'),
  origin_topic     text NOT NULL,
  origin_partition integer NOT NULL,
  origin_offset    bigint NOT NULL,
  store_id         text NOT NULL,
  source           text NOT NULL,
  content_sha256   text NOT NULL,
  blob_uri         text NOT NULL,
  first_seen_at    timestamptz NOT NULL DEFAULT now(),
  duplicates       integer NOT NULL DEFAULT 0
);

-- Device API keys for the HTTP gateway: only the SHA-256 of a random 32-byte key is stored.
CREATE TABLE shelfstream.devices (
  device_id  text PRIMARY KEY,
  store_id   text NOT NULL,
  key_hash   text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX devices_store_idx ON shelfstream.devices (store_id);

-- Down Migration
DROP TABLE IF EXISTS shelfstream.devices;
DROP TABLE IF EXISTS shelfstream.ingestion_captures;
