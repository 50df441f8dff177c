{{/* Names, labels and the pieces every ScalaCast pod shares (env, volumes, security). */}}

{{- define "scalacast.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-<chart>, at most 52 characters so suffixed names (-worker-metrics) stay within 63. */}}
{{- define "scalacast.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "scalacast.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "scalacast.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: call with (dict "root" $ "component" "origin"). */}}
{{- define "scalacast.selectorLabels" -}}
app.kubernetes.io/name: {{ include "scalacast.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "scalacast.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "scalacast.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "scalacast.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "scalacast.secretName" -}}
{{- default (include "scalacast.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* Fails the render early, with the value to set, instead of pods that exit 78 at start-up. */}}
{{- define "scalacast.validate" -}}
{{- if not .Values.secrets.existingSecret -}}
{{- $_ := required "secrets.databaseUrl is required (or set secrets.existingSecret)" .Values.secrets.databaseUrl -}}
{{- $_ := required "secrets.redisUrl is required (or set secrets.existingSecret)" .Values.secrets.redisUrl -}}
{{- if .Values.s3.enabled -}}
{{- $_ := required "s3.accessKey is required when s3.enabled (or set secrets.existingSecret)" .Values.s3.accessKey -}}
{{- $_ := required "s3.secretKey is required when s3.enabled (or set secrets.existingSecret)" .Values.s3.secretKey -}}
{{- end -}}
{{- end -}}
{{- if .Values.s3.enabled -}}
{{- $_ := required "s3.endpoint is required when s3.enabled" .Values.s3.endpoint -}}
{{- else if not .Values.dataVolume.existingClaim -}}
{{- fail "without S3 (s3.enabled=false) every pod needs the same media folder: set dataVolume.existingClaim to a ReadWriteMany PVC" -}}
{{- end -}}
{{- if and .Values.worker.keda.enabled (not .Values.worker.keda.redis.address) -}}
{{- fail "worker.keda.redis.address (host:port of the queue Redis) is required when worker.keda.enabled" -}}
{{- end -}}
{{- end -}}

{{/* Environment from the Secret. Call with (dict "root" $ "role" "origin"|"worker"). */}}
{{- define "scalacast.secretEnv" -}}
{{- $secret := include "scalacast.secretName" .root -}}
{{- $own := not .root.Values.secrets.existingSecret -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: DATABASE_URL
- name: REDIS_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: REDIS_URL
{{- if .root.Values.s3.enabled }}
- name: S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: S3_ACCESS_KEY
- name: S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: S3_SECRET_KEY
{{- end }}
{{- if eq .role "origin" }}
{{- if or (not $own) .root.Values.secrets.redisCacheUrl }}
- name: REDIS_CACHE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: REDIS_CACHE_URL
      optional: true
{{- end }}
{{- if or (not $own) .root.Values.secrets.bootstrapKey }}
- name: SCALACAST_BOOTSTRAP_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: SCALACAST_BOOTSTRAP_KEY
      optional: true
{{- end }}
{{- if or (not $own) .root.Values.secrets.adminPassword }}
- name: ADMIN_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: ADMIN_PASSWORD
      optional: true
{{- end }}
{{- if or (not $own) .root.Values.secrets.playbackSigningKeys }}
- name: PLAYBACK_SIGNING_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: PLAYBACK_SIGNING_KEYS
      optional: true
{{- end }}
{{- end }}
{{- end -}}

{{/* Writable places of a read-only container: DATA_DIR and /tmp (TMP_DIR, tsx's cache). */}}
{{- define "scalacast.volumes" -}}
- name: data
{{- if .root.Values.dataVolume.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .root.Values.dataVolume.existingClaim }}
{{- else }}
  emptyDir: {}
{{- end }}
- name: tmp
  emptyDir:
    sizeLimit: {{ .tmpSizeLimit }}
{{- end -}}

{{- define "scalacast.volumeMounts" -}}
- name: data
  mountPath: /var/lib/scalacast
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "scalacast.podAnnotations" -}}
checksum/config: {{ include (print .root.Template.BasePath "/configmap.yaml") .root | sha256sum }}
{{- if not .root.Values.secrets.existingSecret }}
checksum/secret: {{ include (print .root.Template.BasePath "/secret.yaml") .root | sha256sum }}
{{- end }}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .metricsPort | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- with .extra }}
{{ toYaml . }}
{{- end }}
{{- end -}}
