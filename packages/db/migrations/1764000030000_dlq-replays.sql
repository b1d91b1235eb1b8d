-- Up Migration
-- shelfctl dlq replay (issue 6): the replay ledger. One row per dead letter replayed, keyed by its DLQ position, so
-- that replaying the same dead letters again re-produces nothing. Owned by packages/shelfctl.

CREATE TABLE shelfstream.dlq_replays (
  dlq_topic text NOT NULL,
  dlq_partition integer NOT NULL,
  dlq_offset bigint NOT NULL,
  target_topic text NOT NULL,
  capture_id text,
  replayed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
);
COMMENT ON TABLE shelfstream.dlq_replays IS
  'dead letters re-produced by shelfctl dlq replay (dlq_topic carries the topic namespace); a row means: do not replay again';

-- Down Migration
DROP TABLE shelfstream.dlq_replays;
