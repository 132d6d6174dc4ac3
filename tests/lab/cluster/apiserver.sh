# shellcheck shell=bash
# A real control plane for the cluster suite, sourced on the host by tests/lab/cluster/run.sh: etcd and
# kube-apiserver from KUBEBUILDER_ASSETS (the envtest convention, ../shared/envtest/README.md) on free
# loopback ports, RBAC on, a serving certificate that names 127.0.0.1 (the host) and 10.0.2.100 (the lab VM's
# guest forward, tests/lab/run.sh LAB_APISERVER_PORT), an admin token and a service-account signing key so
# that `kubectl create token` works. Everything lives in one state folder; both processes are stopped by PID.
#
#   apiserver_start DIR        start both, wait for /readyz; writes DIR/port, DIR/ca.crt, DIR/admin.kubeconfig
#                              (127.0.0.1) and DIR/admin-vm.kubeconfig (10.0.2.100:6443)
#   apiserver_stop DIR         stop both (TERM, then KILL), keep the logs
#   kubeconfig_for FILE SERVER CA TOKEN   a kubeconfig with one bearer-token user
#
# Env: APISERVER_SERVICE_CIDR, the ClusterIP range (default 10.96.0.0/24; a bench of 1,000 Services needs more).

_apiserver_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

kubeconfig_for() {
    local file="$1" server="$2" ca="$3" token="$4"
    cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: lab
    cluster:
      server: $server
      certificate-authority-data: $(base64 -w0 "$ca")
users:
  - name: user
    user:
      token: $token
contexts:
  - name: lab
    context: {cluster: lab, user: user}
current-context: lab
EOF
    chmod 600 "$file"
}

apiserver_start() {
    local dir="$1" assets="${KUBEBUILDER_ASSETS:?KUBEBUILDER_ASSETS must name the folder with etcd and kube-apiserver}"
    local ep pp ap token i
    mkdir -p "$dir"
    ep="$(_apiserver_free_port)" pp="$(_apiserver_free_port)" ap="$(_apiserver_free_port)"
    (
        cd "$dir" || exit 1
        openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=lvs-lab-ca -keyout ca.key -out ca.crt
        openssl req -newkey rsa:2048 -nodes -subj /CN=kube-apiserver -keyout serving.key -out serving.csr
        # 10.0.2.100: the address the agents in the VM dial; the certificate must name it or TLS fails there.
        printf 'subjectAltName=IP:127.0.0.1,IP:10.0.2.100,DNS:localhost,DNS:kubernetes.default.svc\n' >serving.ext
        openssl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -extfile serving.ext \
            -out serving.crt
        openssl genrsa -out sa.key 2048 && openssl rsa -in sa.key -pubout -out sa.pub
    ) >"$dir/openssl.log" 2>&1 || { echo "apiserver: openssl failed" >&2; return 1; }
    token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s,lab-admin,lab-admin,system:masters\n' "$token" >"$dir/tokens.csv"

    "$assets/etcd" --data-dir "$dir/etcd" --listen-client-urls "http://127.0.0.1:$ep" \
        --advertise-client-urls "http://127.0.0.1:$ep" --listen-peer-urls "http://127.0.0.1:$pp" \
        --initial-advertise-peer-urls "http://127.0.0.1:$pp" --initial-cluster "default=http://127.0.0.1:$pp" \
        --unsafe-no-fsync >"$dir/etcd.log" 2>&1 </dev/null &
    echo $! >"$dir/etcd.pid"
    "$assets/kube-apiserver" --etcd-servers "http://127.0.0.1:$ep" --bind-address 127.0.0.1 --secure-port "$ap" \
        --tls-cert-file "$dir/serving.crt" --tls-private-key-file "$dir/serving.key" --client-ca-file "$dir/ca.crt" \
        --token-auth-file "$dir/tokens.csv" --service-account-key-file "$dir/sa.pub" \
        --service-account-signing-key-file "$dir/sa.key" --service-account-issuer https://kubernetes.default.svc \
        --service-cluster-ip-range "${APISERVER_SERVICE_CIDR:-10.96.0.0/24}" --authorization-mode RBAC >"$dir/apiserver.log" 2>&1 </dev/null &
    echo $! >"$dir/apiserver.pid"
    echo "$ap" >"$dir/port"

    kubeconfig_for "$dir/admin.kubeconfig" "https://127.0.0.1:$ap" "$dir/ca.crt" "$token"
    kubeconfig_for "$dir/admin-vm.kubeconfig" "https://10.0.2.100:6443" "$dir/ca.crt" "$token"
    for ((i = 0; i < 120; i++)); do
        kubectl --kubeconfig "$dir/admin.kubeconfig" get --raw /readyz >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    echo "apiserver: not ready within 60 s; its log ends:" >&2
    tail -n 5 "$dir/apiserver.log" >&2
    return 1
}

apiserver_stop() {
    local dir="$1" f pid i
    for f in "$dir/apiserver.pid" "$dir/etcd.pid"; do
        [[ -f $f ]] || continue
        pid="$(<"$f")"
        kill "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$f"
    done
    rm -rf "$dir/etcd"
}
