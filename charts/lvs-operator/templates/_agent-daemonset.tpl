{{/*
One agent DaemonSet. Directors and real-server nodes run the same agent from this template; they differ
in where they run: dict "root" $ "role" "director"|"realserver" "nodeSelector" map "tolerations" list
"affinity" map.
*/}}
{{- define "lvs-operator.agentDaemonSet" -}}
{{- $root := .root -}}
{{- $agent := $root.Values.agent -}}
{{- $fullname := include "lvs-operator.fullname" $root -}}
{{- $bgp := and (eq .role "director") $agent.bgp.enabled -}}
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ $fullname }}-agent-{{ .role }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "lvs-operator.labels" $root | nindent 4 }}
    app.kubernetes.io/component: agent
    lvsoperator.io/agent-role: {{ .role }}
spec:
  selector:
    matchLabels:
      {{- include "lvs-operator.selectorLabels" (dict "root" $root "component" "agent") | nindent 6 }}
      lvsoperator.io/agent-role: {{ .role }}
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: {{ $agent.maxUnavailable }}
  template:
    metadata:
      labels:
        {{- include "lvs-operator.labels" $root | nindent 8 }}
        app.kubernetes.io/component: agent
        lvsoperator.io/agent-role: {{ .role }}
      {{- with $agent.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "lvs-operator.agentServiceAccount" $root }}
      # The agent watches its NodeSlices and writes their status through the API server.
      automountServiceAccountToken: true
      # IPVS services, VIPs and sysctls belong to the node's own network namespace.
      hostNetwork: true
      {{- if $bgp }}
      # A stopping agent first withdraws its VIPs (up to withdrawTimeoutSeconds), then stops its services (30 s).
      terminationGracePeriodSeconds: {{ add (int $agent.bgp.withdrawTimeoutSeconds) 35 }}
      {{- end }}
      dnsPolicy: ClusterFirstWithHostNet
      {{- with $agent.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $bgp }}
      # FRR's daemons (bgpd, bfdd, zebra, staticd) under watchfrr, as MetalLB's FRR mode runs them: on the host
      # network, sharing the configuration the agent writes and the vty sockets it reloads and reads through. A
      # native sidecar (restartPolicy Always): it starts before the agent and is stopped only after the agent has
      # exited, so a stopping agent's withdrawal reaches a live bgpd rather than racing its exit.
      initContainers:
        - name: frr
          restartPolicy: Always
          image: {{ include "lvs-operator.image" (dict "root" $root "image" $agent.bgp.image) }}
          imagePullPolicy: {{ $agent.bgp.image.pullPolicy }}
          command: ["/usr/local/bin/frr-sidecar"]
          resources:
            {{- toYaml $agent.bgp.resources | nindent 12 }}
          securityContext:
            {{- toYaml $agent.bgp.securityContext | nindent 12 }}
          volumeMounts:
            {{- include "lvs-operator.frrMounts" . | nindent 12 }}
      {{- end }}
      containers:
        - name: agent
          {{- if $bgp }}
          # The FRR image: its vtysh and frr-reload.py are the same build as the sidecar's daemons.
          image: {{ include "lvs-operator.image" (dict "root" $root "image" $agent.bgp.image) }}
          {{- else }}
          image: {{ include "lvs-operator.image" (dict "root" $root "image" $agent.image) }}
          {{- end }}
          imagePullPolicy: {{ $agent.image.pullPolicy }}
          # No --manifests: in the cluster the agent watches the NodeSlices whose spec.nodeName is its node.
          args:
            - --state-dir={{ $agent.stateDir }}
            - --status-address=http://+:{{ $agent.statusPort }}/
            - --resync={{ $agent.resync }}
            - --drain-grace={{ $agent.drainGrace }}
            {{- if eq .role "director" }}
            - --vrrp-rt-priority={{ $agent.vrrp.realTimePriority }}
            - --lock-memory={{ $agent.vrrp.lockMemory }}
            - --vrrp-nice={{ $agent.vrrp.nice }}
            {{- else }}
            - --vrrp-rt-priority=0
            {{- end }}
            {{- if $bgp }}
            - --bgp=true
            - --bgp-withdraw-timeout={{ printf "00:%02d:%02d" (div (int $agent.bgp.withdrawTimeoutSeconds) 60) (mod (int $agent.bgp.withdrawTimeoutSeconds) 60) }}
            {{- end }}
            {{- range $agent.extraArgs }}
            - {{ . | quote }}
            {{- end }}
          env:
            - name: LVS_Agent__NodeName
              valueFrom:
                fieldRef:
                  fieldPath: spec.nodeName
            {{- with $agent.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            - name: metrics
              containerPort: {{ $agent.statusPort }}
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /healthz
              port: metrics
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /readyz
              port: metrics
            periodSeconds: 5
          resources:
            {{- toYaml $agent.resources | nindent 12 }}
          securityContext:
            {{- toYaml $agent.securityContext | nindent 12 }}
          volumeMounts:
            - name: state
              mountPath: {{ $agent.stateDir }}
            {{- if $bgp }}
            {{- include "lvs-operator.frrMounts" . | nindent 12 }}
            # frr-reload.py writes its log and temporary files; the root filesystem is read-only.
            - name: frr-log
              mountPath: /var/log/frr
            - name: frr-tmp
              mountPath: /tmp
            {{- end }}
      volumes:
        # The ownership ledger: what this node's agent created, kept across pod restarts.
        - name: state
          hostPath:
            path: {{ $agent.stateDir }}
            type: DirectoryOrCreate
        {{- if $bgp }}
        # Pod-lifetime only: FRR starts empty and the agent's first cycle configures it.
        {{- range list "frr-config" "frr-sockets" "frr-log" "frr-tmp" }}
        - name: {{ . }}
          emptyDir: {}
        {{- end }}
        {{- end }}
      {{- with .nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{/* The volumes the agent and the FRR sidecar share: FRR's configuration and its vty sockets. */}}
{{- define "lvs-operator.frrMounts" -}}
- name: frr-config
  mountPath: /etc/frr
- name: frr-sockets
  mountPath: /var/run/frr
{{- end }}
