#!/usr/bin/env bash
# Controller memory with the six examples loaded, on a real API server (issue 14):
#   bench/controller-rss.sh CONTROLLER [SECONDS]
# CONTROLLER is the published controller: a NativeAOT binary (lvs-controller) or a framework-dependent
# lvs-controller.dll (run with `dotnet`). Starts etcd + kube-apiserver from KUBEBUILDER_ASSETS (default
# /work/shared/envtest/bin), applies config/crd and examples/ (six VirtualServices in lvs-demo), then two
# replicas with leader election; after SECONDS (default 60) prints each one's role, VmRSS and VmHWM, and the
# seconds from exec until its /readyz answers (the first: leading, after its first pass; the second: standby).
# Admin token and a self-signed serving certificate: this measures memory, not RBAC (the Controller tests do).
set -euo pipefail
controller=$(realpath "$1")
settle=${2:-60}
repo=$(cd "$(dirname "$0")/.." && pwd)
assets=${KUBEBUILDER_ASSETS:-/work/shared/envtest/bin}
dir=$(mktemp -d)
pids=()
# SIGKILL: kube-apiserver waits minutes for an etcd that went first; nothing here needs a graceful stop.
cleanup() { for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$token,bench-admin,bench-admin,\"system:masters\"" > "$dir/tokens.csv"
etcd_port=$(free_port); peer_port=$(free_port); port=$(free_port)
"$assets/etcd" --name=bench --data-dir="$dir/etcd" --unsafe-no-fsync --log-level=warn \
  --listen-client-urls="http://127.0.0.1:$etcd_port" --advertise-client-urls="http://127.0.0.1:$etcd_port" \
  --listen-peer-urls="http://127.0.0.1:$peer_port" --initial-advertise-peer-urls="http://127.0.0.1:$peer_port" \
  --initial-cluster="bench=http://127.0.0.1:$peer_port" > "$dir/etcd.log" 2>&1 &
pids+=($!)
"$assets/kube-apiserver" --etcd-servers="http://127.0.0.1:$etcd_port" --bind-address=127.0.0.1 \
  --advertise-address=127.0.0.1 --secure-port="$port" --cert-dir="$dir" --token-auth-file="$dir/tokens.csv" \
  --service-account-key-file="$dir/sa.pub" --service-account-signing-key-file="$dir/sa.key" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local --service-cluster-ip-range=10.96.0.0/16 \
  --authorization-mode=RBAC > "$dir/kube-apiserver.log" 2>&1 &
pids+=($!)
cat > "$dir/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: bench, cluster: {server: "https://127.0.0.1:$port", insecure-skip-tls-verify: true}}]
users: [{name: bench, user: {token: "$token"}}]
contexts: [{name: bench, context: {cluster: bench, user: bench}}]
current-context: bench
KC
export KUBECONFIG=$dir/kubeconfig
for _ in $(seq 120); do kubectl get --raw /readyz >/dev/null 2>&1 && break; sleep 0.5; done
kubectl apply -f "$repo/config/crd" >/dev/null
kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null
kubectl create namespace lvs-operator >/dev/null
kubectl create namespace lvs-demo >/dev/null
kubectl apply -f "$repo/examples" >/dev/null
echo "VirtualServices loaded: $(kubectl get virtualservices -A --no-headers | wc -l)"

start_replica() {
  local status; status=$(free_port)
  local cmd=("$controller")
  [[ $controller == *.dll ]] && cmd=(dotnet "$controller")
  date +%s.%N > "$dir/$1.start"
  "${cmd[@]}" --kubeconfig "$dir/kubeconfig" --leader-election-namespace lvs-operator \
    --status-address "http://127.0.0.1:$status/" "--Controller:Identity=$1" > "$dir/$1.log" 2>&1 &
  pids+=($!)
  echo $! > "$dir/$1.pid"
  echo "$status" > "$dir/$1.port"
}
# Seconds from exec until /readyz answers 200 (the leader: after its first pass; a standby: caches synced).
ready_after() {
  local start; start=$(cat "$dir/$1.start")
  until curl -sf -o /dev/null "http://127.0.0.1:$(cat "$dir/$1.port")/readyz"; do sleep 0.02; done
  echo "$(date +%s.%N) - $start" | bc
}
start_replica replica-1
echo "replica-1 ready after $(ready_after replica-1) s"
start_replica replica-2
echo "replica-2 ready after $(ready_after replica-2) s"
sleep "$settle"
holder=$(kubectl -n lvs-operator get lease lvs-operator-controller -o jsonpath='{.spec.holderIdentity}')
echo "slices: $(kubectl get nodeslices -A --no-headers 2>/dev/null | wc -l); Lease holder: $holder; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in replica-1 replica-2; do
  pid=$(cat "$dir/$r.pid")
  role=standby; [[ $r == "$holder" ]] && role=leader
  rss=$(awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$pid/status")
  hwm=$(awk '/^VmHWM/ {printf "%.1f", $2/1024}' "/proc/$pid/status")
  echo "$r $role: VmRSS $rss MiB, VmHWM $hwm MiB"
done
