{{/*
Object names are fixed, as in the kustomize base: the operator looks for hookgate-routes, hookgate-receiver and
hookgate-receiver-internal, and the cluster-scoped RBAC objects are named hookgate-operator. One release per cluster.
*/}}

{{/* Labels of every object: app.kubernetes.io/name (the "name" argument), part-of, and Helm's own. */}}
{{- define "hookgate.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: hookgate
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* image: repository:tag, the tag defaulting to the chart's appVersion. */}}
{{- define "hookgate.image" -}}
{{ .image.repository }}:{{ .image.tag | default .root.Chart.AppVersion }}
{{- end -}}

{{/* The pods' security context, the same for both (restricted Pod Security). */}}
{{- define "hookgate.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "hookgate.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}
