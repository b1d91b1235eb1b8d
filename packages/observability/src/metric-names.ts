/**
 * The metric names every shelfstream service exports. Dashboards and alert rules use these names; a test
 * compares them with a live `/metrics` scrape, so rename nothing without updating deploy/.
 */
export const MetricNames = {
  consumerLag: 'shelfstream_consumer_lag',
  stageRecords: 'shelfstream_stage_records_total',
  stageProcessingSeconds: 'shelfstream_stage_processing_seconds',
  dlqRecords: 'shelfstream_dlq_records_total',
  retryRecords: 'shelfstream_retry_records_total',
  batchSize: 'shelfstream_batch_size',
  inferenceLatencySeconds: 'shelfstream_inference_latency_seconds',
  inferenceRecords: 'shelfstream_inference_records_total',
  inferenceFallback: 'shelfstream_inference_fallback_total',
  inferenceBatchDelaySeconds: 'shelfstream_inference_batch_delay_seconds',
  captureToScoreLatencySeconds: 'shelfstream_capture_to_score_latency_seconds',
  detectionConfidence: 'shelfstream_detection_confidence',
  breakerState: 'shelfstream_breaker_state',
  ingestionDuplicates: 'shelfstream_ingestion_duplicates_total',
  preprocessingStepSeconds: 'shelfstream_preprocessing_step_seconds',
  preprocessingImages: 'shelfstream_preprocessing_images_total',
  inferenceBatchSize: 'shelfstream_inference_batch_size',
  inferenceBatchTarget: 'shelfstream_inference_batch_target',
  modelServerRequests: 'shelfstream_model_server_requests_total',
  modelServerInferSeconds: 'shelfstream_model_server_infer_seconds',
} as const;

/** One of {@link MetricNames}. */
export type MetricName = (typeof MetricNames)[keyof typeof MetricNames];
