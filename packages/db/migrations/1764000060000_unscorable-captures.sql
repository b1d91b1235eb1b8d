-- Up Migration
-- Issue 14: a photo that shows no shelf (blank, dark, blurred flat, wall, floor) ends UNSCORABLE instead of scoring 0.
-- The scorer keeps its decision here (the idempotency twin of compliance_results: a redo of the same input record
-- re-emits it, another record for the capture is a duplicate); the state tracker stamps captures.unscorable_at.
-- UNSCORABLE ranks 55 (between DEAD_LETTERED 50 and SCORED 60): existing rows keep their ranks.
CREATE TABLE shelfstream.unscorable_captures (
  capture_id text PRIMARY KEY,
  store_id text NOT NULL,
  aisle text NOT NULL,
  device_id text NOT NULL,
  captured_at timestamptz NOT NULL,
  reason_code text NOT NULL,
  tier text NOT NULL,
  decided_at timestamptz NOT NULL,
  record jsonb NOT NULL,
  source_topic text NOT NULL,
  source_partition integer NOT NULL,
  source_offset bigint NOT NULL
);
COMMENT ON TABLE shelfstream.unscorable_captures IS 'captures the scorer found no shelf to score in; record = the CaptureUnscorable value as JSON';
CREATE INDEX unscorable_captures_store ON shelfstream.unscorable_captures (store_id, aisle, captured_at DESC);

ALTER TABLE shelfstream.captures ADD COLUMN unscorable_at timestamptz;

-- Down Migration
ALTER TABLE shelfstream.captures DROP COLUMN IF EXISTS unscorable_at;
DROP TABLE IF EXISTS shelfstream.unscorable_captures;
