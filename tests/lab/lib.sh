# shellcheck shell=bash
# Shared helpers for prepare.sh and run.sh (sourced, not executed).

# The kernel series the cache entry is keyed by: 6.1 (the kernel
# linux-image-amd64 depends on) unless LAB_KERNEL names another series.
lab_series() {
    case "${LAB_KERNEL:-}" in
        "" | 6.1 | default) echo 6.1 ;;
        [0-9]*.[0-9]*) echo "$LAB_KERNEL" ;;
        *) echo "LAB_KERNEL must be a series like 6.1 or 6.12, got '$LAB_KERNEL'" >&2; return 1 ;;
    esac
}

# Anything that changes the cached initramfs: when these files change in the
# checkout, prepare.sh rebuilds it.
lab_initramfs_inputs_hash() {
    cat "$LAB_DIR/guest/init" "$LAB_DIR/prepare.sh" | sha256sum | cut -c1-16
}

# lab_publish_aot PROJECT_DIR NAME: publishes the .NET project in PROJECT_DIR
# NativeAOT into $LAB_OUT/aot/NAME/ (NAME: its assembly name, e.g. lvs-agent)
# and prints the binary's path. It republishes only when a source file of
# the project or of a project it references, a CRD (LvsOperator.Manifests
# embeds config/crd) or a Directory.*.props/targets is newer than the binary. Why: under the VM's emulated CPU a JIT start
# takes 10-20 s, a NativeAOT one well under a second. Runs on the host
# (dotnet publish in the VM would take minutes). Progress goes to stderr.
lab_publish_aot() {
    local project="$1" name="$2" repo out bin
    repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    out="${LAB_OUT:-$repo/artifacts/lab}/aot/$name"
    bin="$out/$name"
    local -a dirs
    mapfile -t dirs < <(_lab_project_dirs "$(cd "$project" && pwd)" | sort -u)
    if [[ ! -x $bin ]] || [[ -n "$(find "${dirs[@]}" "$repo/config/crd" "$repo"/Directory.*.props "$repo"/Directory.*.targets -newer "$bin" \
        \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.yaml' -o -name '*.props' -o -name '*.targets' \) \
        -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]]; then
        echo "lab: publishing $name (NativeAOT) into $out" >&2
        # Its own bin and obj (--artifacts-path): a build of the checkout running
        # at the same time restores without the runtime identifier into the
        # projects' obj, which broke the publish (NETSDK1047) and would break it.
        dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -o "$out" \
            --artifacts-path "${LAB_OUT:-$repo/artifacts/lab}/aot/.build" --nologo -v quiet >&2 || return 1
        touch "$bin" # publish keeps an up-to-date binary's old mtime; the next staleness check compares to now
    fi
    printf '%s\n' "$bin"
}

# _lab_project_dirs DIR: DIR and the directory of every project its .csproj
# references, transitively (duplicates possible).
# lab_run_agent_scenarios NAME SCRIPT [VAR...]: the host side of a scenario suite
# that runs lvs-agent (tests/lab/e2e, tests/lab/failover): prepares the lab,
# publishes the NativeAOT agent (or takes LVS_AGENT_CMD), runs SCRIPT in one VM
# boot with TOPO_AGENT_CMD and the named variables passed in, and prints the
# wall time. Returns SCRIPT's status. Run from the repository root.
lab_run_agent_scenarios() {
    local name="$1" script="$2" t0=$SECONDS rc=0
    shift 2
    tests/lab/prepare.sh || return 1
    if [[ -n ${LVS_AGENT_CMD:-} ]]; then
        TOPO_AGENT_CMD="$LVS_AGENT_CMD"
    else
        TOPO_AGENT_CMD="$(lab_publish_aot src/LvsOperator.Agent lvs-agent)" || return 1
    fi
    export TOPO_AGENT_CMD
    LAB_ENV="TOPO_AGENT_CMD $*" LAB_TIMEOUT="${LAB_TIMEOUT:-1200}" tests/lab/run.sh "$script" || rc=$?
    echo "$name: $((SECONDS - t0)) s in all, exit $rc"
    return "$rc"
}

_lab_project_dirs() {
    local dir="$1" ref
    printf '%s\n' "$dir"
    for ref in $(sed -n 's/.*<ProjectReference Include="\([^"]*\)".*/\1/p' "$dir"/*.csproj); do
        _lab_project_dirs "$(cd "$dir/$(dirname "${ref//\\//}")" && pwd)"
    done
}
