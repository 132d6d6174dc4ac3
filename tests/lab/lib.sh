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
