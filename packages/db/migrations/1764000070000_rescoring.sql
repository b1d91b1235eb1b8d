-- Up Migration
-- Issue 14 point 4: a capture scored by a lower tier because tier 1 was down or had its breaker open is re-scored by
-- tier 1 once it answers again. The scorer writes the capture's re-score request with its lower-tier score (the
-- job of the state-tracker role sends it when tier 1 has scored a capture since, oldest first, a few per tick), and
-- on the better tier's detections moves the earlier score to superseded_results and puts the new one in its place in
-- compliance_results: readers and rollups see the latest, PostgreSQL keeps both.
CREATE TABLE shelfstream.rescore_requests (
  capture_id text PRIMARY KEY,
  store_id text NOT NULL,
  scored_tier text NOT NULL,
  target_tier text NOT NULL,
  scored_at timestamptz NOT NULL,
  request jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  requested_at timestamptz,
  done_at timestamptz,
  outcome text
);
COMMENT ON TABLE shelfstream.rescore_requests IS 'captures to re-score by a better tier; request = the RescoreRequested value as JSON (without requested_at); outcome = superseded or the skip code';
-- The job's queue: open requests, oldest score first.
CREATE INDEX rescore_requests_open ON shelfstream.rescore_requests (scored_at) WHERE done_at IS NULL;

CREATE TABLE shelfstream.superseded_results (
  capture_id text NOT NULL REFERENCES shelfstream.compliance_results (capture_id) ON DELETE CASCADE,
  tier text NOT NULL,
  model_id text NOT NULL,
  model_version text NOT NULL,
  score double precision NOT NULL,
  partial boolean NOT NULL,
  scored_at timestamptz NOT NULL,
  record jsonb NOT NULL,
  superseded_by_tier text NOT NULL,
  superseded_at timestamptz NOT NULL,
  source_topic text NOT NULL,
  source_partition integer NOT NULL,
  source_offset bigint NOT NULL,
  PRIMARY KEY (capture_id, tier)
);
COMMENT ON TABLE shelfstream.superseded_results IS 'earlier scores replaced by a re-score of a better tier; record = the earlier ComplianceScored value as JSON';

-- The job's health evidence: the newest score of a tier.
CREATE INDEX compliance_results_tier_scored_at ON shelfstream.compliance_results (tier, scored_at DESC);

-- Down Migration
DROP INDEX IF EXISTS shelfstream.compliance_results_tier_scored_at;
DROP TABLE IF EXISTS shelfstream.superseded_results;
DROP TABLE IF EXISTS shelfstream.rescore_requests;
