# shellcheck shell=bash
# Scenario part, sourced by scenarios.sh: Service web's EndpointSlice edited as the EndpointSlice
# controller would (pods coming and going), each edit timed from the PATCH to the director's kernel.
#
# The PATCH goes out with curl (one exec, where kubectl spends most of a second starting under TCG), so
# the clock starts right before the request leaves. The witness is ipvsadm in the director's namespace,
# polled by one background loop started before the PATCH; both clocks are the VM's.

WEB_VIP=192.0.2.90:80
PATCH_TIMES="$TOPO_STATE/patch-to-kernel" # "SENT->KERNEL ANSWERED->KERNEL" a line (check runs in a subshell)
: >"$PATCH_TIMES"

# patch_to_kernel WHAT RS:PORT WEIGHT ADDRESS...: PATCHes web-1's endpoints to ADDRESS... (each ready) and
# waits until the kernel shows RS:PORT at WEIGHT; prints the times and adds them to PATCH_TIMES.
patch_to_kernel() {
    local what="$1" rs="$2" weight="$3" file sent answered kernel code
    shift 3
    file="$(mktemp "$TOPO_STATE/kernel.XXXXXX")"
    kernel_wait_weight "$DIRECTOR" "$WEB_VIP" "$rs" "$weight" "$file"
    local watcher=$!
    sent=$EPOCHREALTIME
    code="$(slice_patch lvs-demo web-1 "$(endpoints_json "$@")")"
    answered=$EPOCHREALTIME
    wait "$watcher" || true
    kernel="$(<"$file")"
    rm -f "$file"
    [[ $code == 200 ]] || { echo "PATCH answered $code"; return 1; }
    [[ $kernel != timeout ]] || { echo "$rs never at weight $weight within 60 s"; return 1; }
    printf '%s %s\n' "$(seconds_between "$sent" "$kernel")" "$(seconds_between "$answered" "$kernel")" >>"$PATCH_TIMES"
    printf '%-14s %s at weight %s in the kernel %s s after the PATCH left (its answer came at +%s s)\n' \
        "$what" "$rs" "$weight" "$(seconds_between "$sent" "$kernel")" "$(seconds_between "$sent" "$answered")"
}

heading "Service web's EndpointSlice edited (PATCH) -> the director's kernel (ipvsadm -Ln, polled every 20 ms)"
check "endpoint 198.18.1.11 added: the director adds 198.18.1.11:8080" \
    patch_to_kernel "+198.18.1.11" 198.18.1.11:8080 1 198.18.1.10 198.18.1.11
check "endpoint 198.18.1.12 added: the director adds 198.18.1.12:8080" \
    patch_to_kernel "+198.18.1.12" 198.18.1.12:8080 1 198.18.1.10 198.18.1.11 198.18.1.12
check "endpoint 198.18.1.10 removed: the director drains it (weight 0)" \
    patch_to_kernel "-198.18.1.10" 198.18.1.10:8080 0 198.18.1.11 198.18.1.12
note "PATCH sent -> kernel: $(awk '{printf "%s ", $1}' "$PATCH_TIMES")s; PATCH answered -> kernel: $(awk '{printf "%s ", $2}' "$PATCH_TIMES")s"
note "(the PATCH's own trip is mostly a fresh TLS handshake under the VM's emulated CPU, through qemu's guestfwd)"
cp "$PATCH_TIMES" "$OUT/patch-to-kernel.txt"
ip netns exec "$DIRECTOR" ipvsadm -Ln -t "$WEB_VIP" | indent
web="$(client_requests "$WEB_VIP" 60)" || true
check "rr over the two ready endpoints; the drained one gets none" \
    client_shares "$web" requests "nat-11=0.5 nat-12=0.5 nat-10=0" 0.1
check "no failed request" grep -qx 'failed *0 *0' <<<"$web"
