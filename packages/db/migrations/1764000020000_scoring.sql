-- Up Migration
-- Scoring (issue 5): stores, SKUs, versioned planograms, compliance results and rollups, version-drift holds,
-- and the capture state machine kept by the state tracker. Owned by services/scoring.

CREATE TABLE shelfstream.stores (
  store_id text PRIMARY KEY,
  format text,
  region text,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE shelfstream.stores IS 'retail stores (format, region); rows are created by shelfctl planogram publish';

CREATE TABLE shelfstream.skus (
  sku text PRIMARY KEY,
  brand text,
  category text,
  size text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE shelfstream.skus IS 'product catalogue (brand, category, size), filled from planogram catalogs';

CREATE TABLE shelfstream.planograms (
  store_id text NOT NULL REFERENCES shelfstream.stores (store_id),
  aisle text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  fixture text NOT NULL,
  content_hash text NOT NULL,
  document jsonb NOT NULL,
  active boolean NOT NULL DEFAULT false,
  published_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  PRIMARY KEY (store_id, aisle, version)
);
COMMENT ON TABLE shelfstream.planograms IS 'planogram versions per store and aisle; exactly one active version per store and aisle';
-- At most one active version per store and aisle; also the version gate's lookup.
CREATE UNIQUE INDEX planograms_one_active ON shelfstream.planograms (store_id, aisle) WHERE active;
CREATE INDEX planograms_content_hash ON shelfstream.planograms (store_id, aisle, content_hash);

CREATE TABLE shelfstream.compliance_results (
  capture_id text PRIMARY KEY,
  store_id text NOT NULL,
  aisle text NOT NULL,
  device_id text NOT NULL,
  captured_at timestamptz NOT NULL,
  planogram_id text NOT NULL,
  planogram_version integer NOT NULL,
  score double precision NOT NULL,
  partial boolean NOT NULL,
  tier text NOT NULL,
  model_id text NOT NULL,
  model_version text NOT NULL,
  quality text NOT NULL,
  out_of_stock_count integer NOT NULL,
  misplaced_count integer NOT NULL,
  unexpected_count integer NOT NULL,
  scored_at timestamptz NOT NULL,
  record jsonb NOT NULL,
  -- The input record that produced this row: a redo of the same record re-emits it, a replay is a duplicate.
  source_topic text NOT NULL,
  source_partition integer NOT NULL,
  source_offset bigint NOT NULL
);
COMMENT ON TABLE shelfstream.compliance_results IS 'one compliance score per capture (idempotency key); record = the ComplianceScored value as JSON';
-- Latest score per store and aisle.
CREATE INDEX compliance_results_latest ON shelfstream.compliance_results (store_id, aisle, captured_at DESC);
-- Worst aisles today (scores of a time range, lowest first).
CREATE INDEX compliance_results_by_day ON shelfstream.compliance_results (captured_at, score);

CREATE TABLE shelfstream.compliance_sku_findings (
  capture_id text NOT NULL REFERENCES shelfstream.compliance_results (capture_id) ON DELETE CASCADE,
  sku text NOT NULL,
  brand text,
  store_id text NOT NULL,
  aisle text NOT NULL,
  captured_at timestamptz NOT NULL,
  shelf_index integer,
  facings_found integer NOT NULL,
  facings_expected integer NOT NULL,
  out_of_stock boolean NOT NULL,
  misplaced boolean NOT NULL,
  unexpected boolean NOT NULL,
  PRIMARY KEY (capture_id, sku)
);
COMMENT ON TABLE shelfstream.compliance_sku_findings IS 'per-SKU findings of each compliance result';
-- Out-of-stock by SKU.
CREATE INDEX compliance_sku_findings_oos ON shelfstream.compliance_sku_findings (sku, captured_at DESC) WHERE out_of_stock;

CREATE TABLE shelfstream.compliance_rollups (
  level text NOT NULL CHECK (level IN ('AISLE', 'STORE')),
  store_id text NOT NULL,
  -- '' for STORE rollups (a primary key column cannot be null).
  aisle text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  captures_scored integer NOT NULL,
  degraded_captures integer NOT NULL,
  mean_score double precision NOT NULL,
  out_of_stock_count integer NOT NULL,
  misplaced_count integer NOT NULL,
  last_capture_id text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (level, store_id, aisle, window_start)
);
COMMENT ON TABLE shelfstream.compliance_rollups IS 'daily (UTC) aisle and store rollups, mirrored to the compacted rollups topic';
CREATE INDEX compliance_rollups_worst ON shelfstream.compliance_rollups (window_start, level, mean_score);

CREATE TABLE shelfstream.drift_holds (
  capture_id text PRIMARY KEY,
  store_id text NOT NULL,
  aisle text NOT NULL,
  planogram_version text NOT NULL,
  active_version integer,
  detections jsonb NOT NULL,
  held_at timestamptz NOT NULL,
  -- Checkpoint of `shelfctl reprocess drift`: set once the held detections were republished.
  reprocessed_at timestamptz,
  source_topic text NOT NULL,
  source_partition integer NOT NULL,
  source_offset bigint NOT NULL
);
COMMENT ON TABLE shelfstream.drift_holds IS 'captures held by the version gate until their planogram version is active';
CREATE INDEX drift_holds_pending ON shelfstream.drift_holds (store_id, aisle) WHERE reprocessed_at IS NULL;

CREATE TABLE shelfstream.captures (
  capture_id text PRIMARY KEY,
  state text NOT NULL,
  state_rank integer NOT NULL,
  tier text,
  dead_letter_reason text,
  dead_letter_stage text,
  store_id text,
  aisle text,
  device_id text,
  captured_at timestamptz,
  blob_uris text[] NOT NULL DEFAULT '{}',
  first_seen_at timestamptz,
  ingested_at timestamptz,
  preprocessed_at timestamptz,
  inferred_at timestamptz,
  drifted_at timestamptz,
  scored_at timestamptz,
  dead_lettered_at timestamptz,
  archived_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE shelfstream.captures IS 'capture state machine kept by the state tracker; states only move forward';
CREATE INDEX captures_state ON shelfstream.captures (state, scored_at);
CREATE INDEX captures_store ON shelfstream.captures (store_id, aisle, captured_at DESC);

CREATE TABLE shelfstream.capture_events (
  capture_id text NOT NULL,
  state text NOT NULL,
  detail text,
  occurred_at timestamptz NOT NULL,
  source_topic text NOT NULL,
  source_partition integer NOT NULL,
  source_offset bigint NOT NULL,
  -- Whether the event moved the state forward (false: a late or repeated event, kept for history).
  applied boolean NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  -- A redelivered record changes nothing (the archival job writes source 'archival', 0, 0).
  PRIMARY KEY (capture_id, source_topic, source_partition, source_offset)
);
COMMENT ON TABLE shelfstream.capture_events IS 'every stage event seen by the state tracker (history of shelfctl capture)';
CREATE INDEX capture_events_capture ON shelfstream.capture_events (capture_id, occurred_at);

-- Down Migration
DROP TABLE IF EXISTS shelfstream.capture_events;
DROP TABLE IF EXISTS shelfstream.captures;
DROP TABLE IF EXISTS shelfstream.drift_holds;
DROP TABLE IF EXISTS shelfstream.compliance_rollups;
DROP TABLE IF EXISTS shelfstream.compliance_sku_findings;
DROP TABLE IF EXISTS shelfstream.compliance_results;
DROP TABLE IF EXISTS shelfstream.planograms;
DROP TABLE IF EXISTS shelfstream.skus;
DROP TABLE IF EXISTS shelfstream.stores;
