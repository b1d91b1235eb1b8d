-- Up Migration
-- Ingestion's SLA breaker reads the p99 of capture->score latency over the captures scored in the last few minutes
-- (services/ingestion/src/capture-latency.ts). captures_state leads with state, so a range on scored_at alone would
-- scan the whole table every probe; this index serves that range. Partial: rows not scored yet are never asked for.
-- Not CONCURRENTLY: node-pg-migrate runs every migration in one transaction; the state tracker's writes wait for the
-- build (one pass over the table) and go on afterwards.

CREATE INDEX captures_scored_at ON shelfstream.captures (scored_at) WHERE scored_at IS NOT NULL;

-- Down Migration
DROP INDEX IF EXISTS shelfstream.captures_scored_at;
