{{/* Names and labels */}}
{{- define "latticelm.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "latticelm.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "latticelm.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Common labels; pass a dict with "ctx" (the root context) and "component". */}}
{{- define "latticelm.labels" -}}
helm.sh/chart: {{ include "latticelm.chart" .ctx }}
{{ include "latticelm.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: latticelm
{{- end -}}

{{- define "latticelm.selectorLabels" -}}
app.kubernetes.io/name: {{ include "latticelm.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "latticelm.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "latticelm.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "latticelm.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding the provider keys: the one named by existingSecret, else the chart's own from secretEnv. */}}
{{- define "latticelm.secretName" -}}
{{- if .Values.existingSecret -}}
{{- .Values.existingSecret -}}
{{- else if .Values.secretEnv -}}
{{- include "latticelm.fullname" . -}}
{{- else -}}
{{- fail "latticelm: the provider keys need a Secret: set existingSecret to the name of a Secret holding OPENAI_API_KEY, ANTHROPIC_API_KEY, … (the keys your config's ${VAR}s name), or give them in secretEnv" -}}
{{- end -}}
{{- end -}}

{{/* The Redis URL the gateway uses: the bundled StatefulSet's, else externalRedis.url, else "". */}}
{{- define "latticelm.redisUrl" -}}
{{- if .Values.redis.enabled -}}
{{- $auth := ternary ":${REDIS_PASSWORD}@" "" (not (empty .Values.redis.auth.existingSecret)) -}}
{{- printf "redis://%s%s-redis:6379/0" $auth (include "latticelm.fullname" .) -}}
{{- else -}}
{{- .Values.externalRedis.url -}}
{{- end -}}
{{- end -}}

{{/*
The gateway's config.yaml: .Values.config plus what the chart owns — the listen address, the shutdown timeout,
and (unless the config names them) the conversation and rate-limit stores that the values select.
*/}}
{{- define "latticelm.configYaml" -}}
{{- $config := deepCopy (.Values.config | default dict) -}}
{{- $server := get $config "server" | default dict -}}
{{- if hasKey $server "address" -}}
{{- fail "latticelm: config.server.address is set by the chart from containerPort (the probes and the Service follow it); set containerPort instead" -}}
{{- end -}}
{{- if hasKey $server "shutdown_timeout" -}}
{{- fail "latticelm: config.server.shutdown_timeout is set by the chart from shutdown.timeoutSeconds (terminationGracePeriodSeconds must cover it); set shutdown.timeoutSeconds instead" -}}
{{- end -}}
{{- $_ := set $server "address" (printf ":%d" (int .Values.containerPort)) -}}
{{- $_ := set $server "shutdown_timeout" (printf "%ds" (int .Values.shutdown.timeoutSeconds)) -}}
{{- $_ := set $config "server" $server -}}
{{- $redisUrl := include "latticelm.redisUrl" . -}}
{{- $conversations := get $config "conversations" | default dict -}}
{{- if not (hasKey $conversations "store") -}}
{{- if .Values.externalDatabase.dsn -}}
{{- $_ := set $conversations "store" "sql" -}}
{{- $_ := set $conversations "driver" .Values.externalDatabase.driver -}}
{{- $_ := set $conversations "dsn" .Values.externalDatabase.dsn -}}
{{- else if and $redisUrl (or .Values.redis.enabled .Values.externalRedis.conversations) -}}
{{- $_ := set $conversations "store" "redis" -}}
{{- $_ := set $conversations "dsn" $redisUrl -}}
{{- else -}}
{{- $_ := set $conversations "store" "sql" -}}
{{- $_ := set $conversations "driver" "sqlite3" -}}
{{- $_ := set $conversations "dsn" (printf "%s/conversations.db" .Values.persistence.mountPath) -}}
{{- end -}}
{{- end -}}
{{- $_ := set $config "conversations" $conversations -}}
{{- $rateLimit := get $config "rate_limit" | default dict -}}
{{- if and $redisUrl (not (hasKey $rateLimit "store")) -}}
{{- $_ := set $rateLimit "store" "redis" -}}
{{- $_ := set $rateLimit "redis_url" $redisUrl -}}
{{- $_ := set $config "rate_limit" $rateLimit -}}
{{- end -}}
{{- toYaml $config -}}
{{- end -}}

{{/* The effective config as a dict, for checks and for the metrics path. */}}
{{- define "latticelm.metricsPath" -}}
{{- $config := include "latticelm.configYaml" . | fromYaml -}}
{{- $observability := get $config "observability" | default dict -}}
{{- $metrics := get $observability "metrics" | default dict -}}
{{- get $metrics "path" | default "/metrics" -}}
{{- end -}}

{{- define "latticelm.metricsEnabled" -}}
{{- $config := include "latticelm.configYaml" . | fromYaml -}}
{{- $observability := get $config "observability" | default dict -}}
{{- $metrics := get $observability "metrics" | default dict -}}
{{- if and (eq (toString (get $observability "enabled")) "true") (ne (toString (get $metrics "enabled")) "false") -}}true{{- end -}}
{{- end -}}

{{/* "true" when every replica sees the same conversations (a shared store, or conversations off). */}}
{{- define "latticelm.sharedConversations" -}}
{{- $config := include "latticelm.configYaml" . | fromYaml -}}
{{- $conversations := get $config "conversations" | default dict -}}
{{- $store := toString (get $conversations "store") -}}
{{- $driver := toString (get $conversations "driver" | default "sqlite3") -}}
{{- if or (eq (toString (get $conversations "enabled")) "false") (eq $store "redis") (and (eq $store "sql") (not (has $driver (list "sqlite" "sqlite3")))) -}}true{{- end -}}
{{- end -}}

{{/* Variables set by the chart's own env entries (so never required from the provider Secret). */}}
{{- define "latticelm.definedEnvNames" -}}
{{- $names := list "NODE_OPTIONS" -}}
{{- if and .Values.redis.enabled .Values.redis.auth.existingSecret -}}
{{- $names = append $names "REDIS_PASSWORD" -}}
{{- end -}}
{{- range $name, $_ := .Values.env -}}
{{- $names = append $names $name -}}
{{- end -}}
{{- range .Values.extraEnv -}}
{{- $names = append $names .name -}}
{{- end -}}
{{- toJson $names -}}
{{- end -}}

{{/* The Secret keys the pod requires: requiredSecretKeys, or every ${VAR} without a default in the config. */}}
{{- define "latticelm.requiredSecretKeys" -}}
{{- if kindIs "slice" .Values.requiredSecretKeys -}}
{{- toJson .Values.requiredSecretKeys -}}
{{- else -}}
{{- $defined := include "latticelm.definedEnvNames" . | fromJsonArray -}}
{{- $keys := list -}}
{{- range regexFindAll "\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-)?" (include "latticelm.configYaml" .) -1 -}}
{{- if not (hasSuffix ":-" .) -}}
{{- $name := trimPrefix "${" . -}}
{{- if not (has $name $defined) -}}
{{- $keys = append $keys $name -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson ($keys | uniq | sortAlpha) -}}
{{- end -}}
{{- end -}}

{{/* NODE_OPTIONS: nodeOptions, or a heap limit at 75% of resources.limits.memory (Mi, Gi, M or G). */}}
{{- define "latticelm.nodeOptions" -}}
{{- if .Values.nodeOptions -}}
{{- .Values.nodeOptions -}}
{{- else -}}
{{- $limit := toString (dig "limits" "memory" "" (.Values.resources | default dict)) -}}
{{- $mebibytes := 0 -}}
{{- if regexMatch "^[0-9]+Mi$" $limit -}}{{- $mebibytes = trimSuffix "Mi" $limit | int -}}
{{- else if regexMatch "^[0-9]+Gi$" $limit -}}{{- $mebibytes = mul (trimSuffix "Gi" $limit | int) 1024 -}}
{{- else if regexMatch "^[0-9]+M$" $limit -}}{{- $mebibytes = div (mul (trimSuffix "M" $limit | int) 1000000) 1048576 -}}
{{- else if regexMatch "^[0-9]+G$" $limit -}}{{- $mebibytes = div (mul (trimSuffix "G" $limit | int) 1000000000) 1048576 -}}
{{- end -}}
{{- if gt (int $mebibytes) 0 -}}
{{- printf "--max-old-space-size=%d --max-semi-space-size=32" (div (mul $mebibytes 3) 4) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Combinations the schema cannot express; each fails with what to change. */}}
{{- define "latticelm.validate" -}}
{{- $_ := include "latticelm.secretName" . -}}
{{- $grace := int .Values.terminationGracePeriodSeconds -}}
{{- $needed := add (int .Values.shutdown.preStopSleepSeconds) (int .Values.shutdown.timeoutSeconds) 10 -}}
{{- if lt $grace (int $needed) -}}
{{- fail (printf "latticelm: terminationGracePeriodSeconds (%d) must cover shutdown.preStopSleepSeconds + shutdown.timeoutSeconds + 10 s for the final stream cleanup = %d, or the kubelet kills streams mid-drain" $grace (int $needed)) -}}
{{- end -}}
{{- $minReplicas := ternary (int .Values.autoscaling.minReplicas) (int .Values.replicaCount) .Values.autoscaling.enabled -}}
{{- $scales := or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) -}}
{{- if and $scales (not (include "latticelm.sharedConversations" .)) -}}
{{- fail "latticelm: more than one replica needs a shared conversation store (each pod's SQLite or memory store would hold a different part of the conversations): enable redis, or set externalRedis.url or externalDatabase.dsn — or keep replicaCount: 1" -}}
{{- end -}}
{{- if and .Values.persistence.enabled $scales -}}
{{- fail "latticelm: persistence (one ReadWriteOnce volume for SQLite) serves one replica; use a shared store to scale out" -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail "latticelm: autoscaling.minReplicas is above autoscaling.maxReplicas" -}}
{{- end -}}
{{- if and .Values.redis.enabled .Values.externalRedis.url -}}
{{- fail "latticelm: set either redis.enabled (the bundled Redis) or externalRedis.url, not both" -}}
{{- end -}}
{{- if .Values.podDisruptionBudget.enabled -}}
{{- $minAvailable := .Values.podDisruptionBudget.minAvailable -}}
{{- if and (not (kindIs "string" $minAvailable)) (not (kindIs "invalid" $minAvailable)) (empty .Values.podDisruptionBudget.maxUnavailable) (ge (int $minAvailable) $minReplicas) -}}
{{- fail (printf "latticelm: podDisruptionBudget.minAvailable (%d) must be below the replica count (%d), or no node could ever be drained" (int $minAvailable) $minReplicas) -}}
{{- end -}}
{{- end -}}
{{- if and (or .Values.serviceMonitor.enabled .Values.prometheusRule.enabled) (not (include "latticelm.metricsEnabled" .)) -}}
{{- fail "latticelm: serviceMonitor/prometheusRule need the gateway's metrics: set config.observability.enabled: true (and leave observability.metrics.enabled on)" -}}
{{- end -}}
{{- if and .Values.secretEnv (not .Values.existingSecret) -}}
{{- range (include "latticelm.requiredSecretKeys" . | fromJsonArray) -}}
{{- if not (hasKey $.Values.secretEnv .) -}}
{{- fail (printf "latticelm: the config uses ${%s}, which secretEnv does not set" .) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
