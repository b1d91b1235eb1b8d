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
{{- if or (and $v.kafka.sasl.enabled (not $v.kafka.sasl.existingSecret)) (and $v.schemaRegistry.auth.enabled (not $v.schemaRegistry.auth.existingSecret)) (not $v.database.existingSecret) (and (hasPrefix "s3://" $v.blobStore.url) (not $v.blobStore.s3.existingSecret)) }}true{{ end }}
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
The configuration env every container gets (services and hook Jobs).
Call with (dict "root" $ "secret" <name of the chart-managed Secret to read> "routing" <mount the routing table?>).
*/}}
{{- define "shelfstream.env" -}}
{{- $v := .root.Values }}
{{- $own := .secret }}
- name: KAFKA_BROKERS
  value: {{ $v.kafka.brokers | quote }}
- name: KAFKA_SSL
  value: {{ $v.kafka.tls.enabled | toString | quote }}
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
{{- if $v.database.existingSecret }}
{{ include "shelfstream.secretEnv" (dict "name" "DATABASE_URL" "secret" $v.database.existingSecret "key" $v.database.urlKey) }}
{{- else }}
{{ include "shelfstream.secretEnv" (dict "name" "DATABASE_URL" "secret" $own "key" "DATABASE_URL") }}
{{- end }}
- name: BLOB_STORE_URL
  value: {{ $v.blobStore.url | quote }}
{{- if hasPrefix "s3://" $v.blobStore.url }}
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
{{- if .routing }}
- name: ROUTING_TABLE_FILE
  value: /etc/shelfstream/config/routing-table.yaml
{{- end }}
- name: LOG_LEVEL
  value: {{ $v.logLevel | quote }}
- name: HTTP_PORT
  value: {{ $v.metricsPort | quote }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
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

{{/* Rendered routing table (strings go through tpl). */}}
{{- define "shelfstream.routingTable" -}}
{{- tpl (toYaml .Values.routingTable) . }}
{{- end }}
