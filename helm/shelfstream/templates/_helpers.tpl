{{/* Chart name, truncated to the 63 characters Kubernetes allows in a label. */}}
{{- define "shelfstream.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped base name of every object. */}}
{{- define "shelfstream.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "shelfstream.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "shelfstream.labels" -}}
helm.sh/chart: {{ include "shelfstream.chart" . }}
app.kubernetes.io/name: {{ include "shelfstream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: shelfstream
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component. Call with (dict "root" $ "name" "ingestion"). */}}
{{- define "shelfstream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "shelfstream.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/* All labels of one component's objects. */}}
{{- define "shelfstream.componentLabels" -}}
{{ include "shelfstream.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "shelfstream.componentName" -}}
{{- printf "%s-%s" (include "shelfstream.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "shelfstream.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "shelfstream.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "shelfstream.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Name of the chart-managed credentials Secret (deployments). */}}
{{- define "shelfstream.credentialsSecret" -}}
{{- printf "%s-credentials" (include "shelfstream.fullname" .) }}
{{- end }}

{{/* Name of the hook-scoped copy: hooks run before the regular Secret exists on first install. */}}
{{- define "shelfstream.hookCredentialsSecret" -}}
{{- printf "%s-hook-credentials" (include "shelfstream.fullname" .) }}
{{- end }}

{{/* True ("true") when the chart must create a credentials Secret. */}}
{{- define "shelfstream.needsCredentialsSecret" -}}
{{- $v := .Values }}
{{- if or (and $v.kafka.sasl.enabled (not $v.kafka.sasl.existingSecret)) (and $v.schemaRegistry.auth.enabled (not $v.schemaRegistry.auth.existingSecret)) (not $v.database.existingSecret) (and (hasPrefix "s3://" $v.blobStore.url) (not $v.blobStore.s3.existingSecret)) (not $v.ingestion.deviceSecretKey.existingSecret) }}true{{ end }}
{{- end }}

{{/* String data of the chart-managed credentials Secret (placeholders from values). */}}
{{- define "shelfstream.credentialsData" -}}
{{- $v := .Values }}
{{- if and $v.kafka.sasl.enabled (not $v.kafka.sasl.existingSecret) }}
KAFKA_SASL_USERNAME: {{ $v.kafka.sasl.username | quote }}
KAFKA_SASL_PASSWORD: {{ $v.kafka.sasl.password | quote }}
{{- end }}
{{- if and $v.schemaRegistry.auth.enabled (not $v.schemaRegistry.auth.existingSecret) }}
SCHEMA_REGISTRY_USERNAME: {{ $v.schemaRegistry.auth.username | quote }}
SCHEMA_REGISTRY_PASSWORD: {{ $v.schemaRegistry.auth.password | quote }}
{{- end }}
{{- if not $v.database.existingSecret }}
DATABASE_URL: {{ required "database.url or database.existingSecret is required" $v.database.url | quote }}
{{- end }}
{{- if and (hasPrefix "s3://" $v.blobStore.url) (not $v.blobStore.s3.existingSecret) }}
S3_ACCESS_KEY_ID: {{ $v.blobStore.s3.accessKeyId | quote }}
S3_SECRET_ACCESS_KEY: {{ $v.blobStore.s3.secretAccessKey | quote }}
{{- end }}
{{- if not $v.ingestion.deviceSecretKey.existingSecret }}
INGEST_DEVICE_SECRET_KEY: {{ $v.ingestion.deviceSecretKey.value | quote }}
{{- end }}
{{- end }}

{{/* One env var read from a Secret. Call with (dict "name" "X" "secret" "s" "key" "k"). */}}
{{- define "shelfstream.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end }}

{{/*
The configuration env of one container: only the variables its program defines (services/<svc>/src/config.ts,
packages/service-kit/src/service-config.ts, packages/kafka/src/connection-config.ts).
Call with (dict "root" $ "secret" <chart-managed Secret to read> "service" <services/<svc>; "" for hook Jobs>).
*/}}
{{- define "shelfstream.env" -}}
{{- $v := .root.Values }}
{{- $own := .secret }}
{{- $svc := .service }}
{{- $s3 := hasPrefix "s3://" $v.blobStore.url }}
{{- if ne $svc "model-server" }}
- name: KAFKA_BROKERS
  value: {{ $v.kafka.brokers | quote }}
- name: KAFKA_SSL
  value: {{ $v.kafka.tls.enabled | toString | quote }}
- name: KAFKA_REPLICATION_FACTOR
  value: {{ $v.kafka.replicationFactor | quote }}
- name: KAFKA_MIN_INSYNC_REPLICAS
  value: {{ $v.kafka.minInsyncReplicas | quote }}
{{- if and $v.kafka.tls.enabled $v.kafka.tls.caSecret }}
- name: NODE_EXTRA_CA_CERTS
  value: /etc/shelfstream/kafka-ca/{{ $v.kafka.tls.caKey }}
{{- end }}
{{- if $v.kafka.sasl.enabled }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $v.kafka.sasl.mechanism | quote }}
{{- if $v.kafka.sasl.existingSecret }}
{{ include "shelfstream.secretEnv" (dict "name" "KAFKA_SASL_USERNAME" "secret" $v.kafka.sasl.existingSecret "key" $v.kafka.sasl.usernameKey) }}
{{ include "shelfstream.secretEnv" (dict "name" "KAFKA_SASL_PASSWORD" "secret" $v.kafka.sasl.existingSecret "key" $v.kafka.sasl.passwordKey) }}
{{- else }}
{{ include "shelfstream.secretEnv" (dict "name" "KAFKA_SASL_USERNAME" "secret" $own "key" "KAFKA_SASL_USERNAME") }}
{{ include "shelfstream.secretEnv" (dict "name" "KAFKA_SASL_PASSWORD" "secret" $own "key" "KAFKA_SASL_PASSWORD") }}
{{- end }}
{{- end }}
- name: SCHEMA_REGISTRY_URL
  value: {{ $v.schemaRegistry.url | quote }}
{{- if $v.schemaRegistry.auth.enabled }}
{{- if $v.schemaRegistry.auth.existingSecret }}
{{ include "shelfstream.secretEnv" (dict "name" "SCHEMA_REGISTRY_USERNAME" "secret" $v.schemaRegistry.auth.existingSecret "key" $v.schemaRegistry.auth.usernameKey) }}
{{ include "shelfstream.secretEnv" (dict "name" "SCHEMA_REGISTRY_PASSWORD" "secret" $v.schemaRegistry.auth.existingSecret "key" $v.schemaRegistry.auth.passwordKey) }}
{{- else }}
{{ include "shelfstream.secretEnv" (dict "name" "SCHEMA_REGISTRY_USERNAME" "secret" $own "key" "SCHEMA_REGISTRY_USERNAME") }}
{{ include "shelfstream.secretEnv" (dict "name" "SCHEMA_REGISTRY_PASSWORD" "secret" $own "key" "SCHEMA_REGISTRY_PASSWORD") }}
{{- end }}
{{- end }}
{{- end }}
{{- /* PostgreSQL: ingestion, scoring (both roles) and the migration hook */}}
{{- if has $svc (list "" "ingestion" "scoring") }}
{{- if $v.database.existingSecret }}
{{ include "shelfstream.secretEnv" (dict "name" "DATABASE_URL" "secret" $v.database.existingSecret "key" $v.database.urlKey) }}
{{- else }}
{{ include "shelfstream.secretEnv" (dict "name" "DATABASE_URL" "secret" $own "key" "DATABASE_URL") }}
{{- end }}
{{- end }}
{{- /* Blob store: ingestion, preprocessing, inference and scoring (archival deletes blobs) read the shared
BLOB_STORE_URL and S3_* settings (packages/blob-store/src/blob-store-config.ts) */}}
{{- if has $svc (list "ingestion" "preprocessing" "inference" "scoring") }}
- name: BLOB_STORE_URL
  value: {{ $v.blobStore.url | quote }}
{{- if $s3 }}
{{- with $v.blobStore.s3.endpoint }}
- name: S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: S3_REGION
  value: {{ $v.blobStore.s3.region | quote }}
{{- if $v.blobStore.s3.existingSecret }}
{{ include "shelfstream.secretEnv" (dict "name" "S3_ACCESS_KEY_ID" "secret" $v.blobStore.s3.existingSecret "key" $v.blobStore.s3.accessKeyIdKey) }}
{{ include "shelfstream.secretEnv" (dict "name" "S3_SECRET_ACCESS_KEY" "secret" $v.blobStore.s3.existingSecret "key" $v.blobStore.s3.secretAccessKeyKey) }}
{{- else }}
{{ include "shelfstream.secretEnv" (dict "name" "S3_ACCESS_KEY_ID" "secret" $own "key" "S3_ACCESS_KEY_ID") }}
{{ include "shelfstream.secretEnv" (dict "name" "S3_SECRET_ACCESS_KEY" "secret" $own "key" "S3_SECRET_ACCESS_KEY") }}
{{- end }}
{{- end }}
{{- end }}
{{- if eq $svc "ingestion" }}
{{- $i := $v.ingestion }}
{{- if $i.deviceSecretKey.existingSecret }}
{{ include "shelfstream.secretEnv" (dict "name" "INGEST_DEVICE_SECRET_KEY" "secret" $i.deviceSecretKey.existingSecret "key" $i.deviceSecretKey.key) }}
{{- else }}
{{ include "shelfstream.secretEnv" (dict "name" "INGEST_DEVICE_SECRET_KEY" "secret" $own "key" "INGEST_DEVICE_SECRET_KEY") }}
{{- end }}
- name: INGEST_GATEWAY_ENABLED
  value: {{ $v.components.ingestion.gateway.enabled | toString | quote }}
- name: INGEST_AUTH
  value: {{ $i.auth | quote }}
- name: INGEST_MAX_IMAGE_BYTES
  value: {{ $i.maxImageBytes | int64 | quote }}
- name: INGEST_URI_SCHEMES
  value: {{ join "," $i.uriSchemes | quote }}
- name: INGEST_URI_HOSTS
  value: {{ join "," $i.uriHosts | quote }}
- name: INGEST_URI_BUCKETS
  value: {{ join "," $i.uriBuckets | quote }}
- name: INGEST_BREAKER_LAG_GROUPS
  value: {{ join "," $i.breaker.lagGroups | quote }}
- name: INGEST_BREAKER_MAX_LAG_RECORDS
  value: {{ $i.breaker.maxLagRecords | int64 | quote }}
- name: INGEST_BREAKER_MAX_LATENCY_MS
  value: {{ $i.breaker.maxLatencyMs | int64 | quote }}
- name: INGEST_BREAKER_LATENCY_WINDOW_S
  value: {{ $i.breaker.latencyWindowSeconds | int64 | quote }}
{{- end }}
{{- if eq $svc "preprocessing" }}
{{- $p := $v.preprocessing }}
- name: PREPROCESS_BLUR_VARIANCE_MIN
  value: {{ $p.quality.blurVarianceMin | toString | quote }}
- name: PREPROCESS_MIN_SIDE_PX
  value: {{ $p.quality.minSidePx | int64 | quote }}
- name: PREPROCESS_DARK_MEAN_MAX
  value: {{ $p.quality.darkMeanMax | toString | quote }}
- name: PREPROCESS_BRIGHT_MEAN_MIN
  value: {{ $p.quality.brightMeanMin | toString | quote }}
- name: PREPROCESS_CLIPPED_FRACTION_MAX
  value: {{ $p.quality.clippedFractionMax | toString | quote }}
- name: PREPROCESS_CONTRAST_STDDEV_MIN
  value: {{ $p.quality.contrastStddevMin | toString | quote }}
- name: PREPROCESS_MAX_LONG_SIDE_PX
  value: {{ $p.maxLongSidePx | int64 | quote }}
- name: PREPROCESS_MAX_INPUT_PIXELS
  value: {{ $p.maxInputPixels | int64 | quote }}
- name: PREPROCESS_JPEG_QUALITY
  value: {{ $p.jpegQuality | int64 | quote }}
- name: PREPROCESS_PARALLEL_IMAGES
  value: {{ $p.parallelImages | int64 | quote }}
- name: PREPROCESS_MAX_BATCH_RECORDS
  value: {{ $p.maxBatchRecords | int64 | quote }}
{{- end }}
{{- if eq $svc "inference" }}
{{- $n := $v.inference }}
- name: ROUTING_TABLE_PATH
  value: /etc/shelfstream/config/routing.json
- name: LABELS_PATH
  value: {{ include "shelfstream.modelFile" (dict "dir" $n.modelsDir "file" $n.labelsFile) | quote }}
- name: REMOTE_URL
  value: {{ tpl $n.remote.url .root | quote }}
- name: REMOTE_MODEL
  value: {{ $n.remote.model | quote }}
- name: REMOTE_TIMEOUT_MS
  value: {{ $n.remote.timeoutMs | int64 | quote }}
- name: REMOTE_MAX_RETRIES
  value: {{ $n.remote.maxRetries | int64 | quote }}
- name: REMOTE_BACKOFF_MS
  value: {{ $n.remote.backoffMs | int64 | quote }}
- name: REMOTE_MAX_BACKOFF_MS
  value: {{ $n.remote.maxBackoffMs | int64 | quote }}
- name: BREAKER_ERROR_PERCENT
  value: {{ $n.breaker.errorPercent | int64 | quote }}
- name: BREAKER_RESET_MS
  value: {{ $n.breaker.resetMs | int64 | quote }}
- name: BREAKER_VOLUME
  value: {{ $n.breaker.volume | int64 | quote }}
- name: MIN_MEAN_CONFIDENCE
  value: {{ $n.thresholds.minMeanConfidence | toString | quote }}
- name: SCORE_THRESHOLD
  value: {{ $n.thresholds.score | toString | quote }}
- name: IOU_THRESHOLD
  value: {{ $n.thresholds.iou | toString | quote }}
- name: ADAPTIVE_BATCHING
  value: {{ $n.batching.adaptive | toString | quote }}
- name: MAX_BATCH
  value: {{ $n.batching.maxBatch | int64 | quote }}
- name: PRESSURE_MAX_BATCH
  value: {{ $n.batching.pressureMaxBatch | int64 | quote }}
- name: MAX_DELAY_MS
  value: {{ $n.batching.maxDelayMs | int64 | quote }}
- name: LATENCY_SLA_MS
  value: {{ $n.batching.latencySlaMs | int64 | quote }}
- name: MEMORY_LIMIT_BYTES
  value: {{ $n.batching.memoryLimitBytes | int64 | quote }}
- name: ONNX_THREADS
  value: {{ $n.onnxThreads | int64 | quote }}
{{- end }}
{{- if eq $svc "scoring" }}
{{- $sc := $v.scoring }}
- name: DB_POOL_MAX
  value: {{ $sc.dbPoolMax | int64 | quote }}
- name: SCORING_MAX_BATCH_RECORDS
  value: {{ $sc.maxBatchRecords | int64 | quote }}
- name: SCORING_CONFIDENCE_FLOOR
  value: {{ $sc.confidenceFloor | toString | quote }}
- name: SCORING_MIN_DETECTIONS_WITHOUT_SHELF
  value: {{ $sc.minDetectionsWithoutShelf | int64 | quote }}
- name: SCORING_MIN_COVERAGE
  value: {{ $sc.minCoverage | toString | quote }}
- name: SCORING_RESCORE_ENABLED
  value: {{ $sc.rescore.enabled | toString | quote }}
- name: SCORING_RESCORE_INTERVAL_MS
  value: {{ $sc.rescore.intervalMs | int64 | quote }}
- name: SCORING_RESCORE_BATCH_SIZE
  value: {{ $sc.rescore.batchSize | int64 | quote }}
- name: SCORING_RESCORE_RESEND_AFTER_MS
  value: {{ $sc.rescore.resendAfterMs | int64 | quote }}
- name: SCORING_RESCORE_MAX_ATTEMPTS
  value: {{ $sc.rescore.maxAttempts | int64 | quote }}
- name: SCORING_RESCORE_EVIDENCE_WINDOW_MS
  value: {{ $sc.rescore.evidenceWindowMs | int64 | quote }}
- name: ARCHIVE_ENABLED
  value: {{ $sc.archive.enabled | toString | quote }}
- name: ARCHIVE_RETENTION_MS
  value: {{ $sc.archive.retentionMs | int64 | quote }}
{{- end }}
{{- if eq $svc "model-server" }}
{{- $m := $v.modelServer }}
- name: MODEL_PATH
  value: {{ include "shelfstream.modelFile" (dict "dir" $v.inference.modelsDir "file" $m.modelFile) | quote }}
- name: MODEL_NAME
  value: {{ $m.name | quote }}
- name: ONNX_THREADS
  value: {{ $m.onnxThreads | int64 | quote }}
{{- end }}
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
{{- if ne $svc "" }}
- name: HTTP_PORT
  value: {{ $v.metricsPort | quote }}
- name: HTTP_HOST
  value: {{ $v.httpHost | quote }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* A model file path: absolute as given, else under dir. Call with (dict "dir" d "file" f). */}}
{{- define "shelfstream.modelFile" -}}
{{- if hasPrefix "/" .file }}{{ .file }}{{ else }}{{ printf "%s/%s" (trimSuffix "/" .dir) .file }}{{ end }}
{{- end }}

{{/* The edge tier's routing table: JSON object fixture type -> absolute ONNX path (ROUTING_TABLE_PATH). */}}
{{- define "shelfstream.routingJson" -}}
{{- $dir := .Values.inference.modelsDir }}
{{- $out := dict }}
{{- range $route, $file := .Values.inference.routing }}
{{- $_ := set $out $route (include "shelfstream.modelFile" (dict "dir" $dir "file" $file)) }}
{{- end }}
{{- toPrettyJson $out }}
{{- end }}

{{/* Volumes shared by services and hook Jobs: writable /tmp, Kafka CA. */}}
{{- define "shelfstream.baseVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret }}
{{- end }}
{{- end }}

{{- define "shelfstream.baseVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: /etc/shelfstream/kafka-ca
  readOnly: true
{{- end }}
{{- end }}
