#!/usr/bin/env bash
# Prepare the kernel lab: host packages, a Debian kernel (downloaded, never
# installed), its module tree, an uncompressed vmlinux for PVH boot and a tiny
# busybox initramfs. Idempotent: with a warm cache it only checks and exits.
#
# Env:
#   LAB_CACHE   cache directory (default: $REPO/.lab, gitignored)
#   LAB_KERNEL  "" or 6.1 (default): the kernel linux-image-amd64 depends on;
#               6.12: newest linux-image-6.12.*+deb12-amd64-unsigned.
#
# Writes $LAB_CACHE/kernel-<series>.env, which run.sh sources.
set -euo pipefail

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$LAB_DIR/../.." && pwd)"
LAB_CACHE="${LAB_CACHE:-$REPO/.lab}"
# shellcheck source=lib.sh
source "$LAB_DIR/lib.sh"

series="$(lab_series)"
env_file="$LAB_CACHE/kernel-$series.env"

# Two runs preparing a cold cache at once would trip over each other.
mkdir -p "$LAB_CACHE"
exec 9>"$LAB_CACHE/.lock"
flock 9

log() { printf 'prepare: %s\n' "$*" >&2; }

# --- host packages ---------------------------------------------------------
# qemu runs the VM; busybox-static is the initramfs and, through the shared
# root, also nc/httpd inside the VM; kmod gives depmod/modprobe (host and VM);
# ipvsadm, tcpdump, iproute2 are the tools the lab scripts drive; nftables (nft)
# witnesses the agent's source-NAT table; keepalived is the peer director of the
# failover interoperability scenario; xz-utils and zstd unpack the kernel
# payload; python3 parses netlink captures; socat is the host end of the
# cluster suite's API-server NIC (run.sh, LAB_APISERVER_PORT) and its relay
# into the namespaces inside the VM; stress-ng is the CPU and memory hog of
# tests/lab/failover/stress.sh (make stress-election).
HOST_PACKAGES=(qemu-system-x86 busybox-static kmod ipvsadm tcpdump iproute2 curl
               nftables keepalived xz-utils zstd python3 coreutils procps socat stress-ng)

apt_updated=0
apt_update_once() {
    if [[ $apt_updated == 0 ]]; then
        log "apt-get update"
        apt-get update -qq >&2
        apt_updated=1
    fi
}

missing=()
for p in "${HOST_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if ((${#missing[@]})); then
    [[ $(id -u) == 0 ]] || { log "need root to install: ${missing[*]}"; exit 1; }
    apt_update_once
    log "apt-get install ${missing[*]}"
    # --no-install-recommends: qemu's recommends pull in a desktop's worth.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >&2
fi

# --- resolve the kernel package ---------------------------------------------
# Never hard-code the ABI number: security updates bump it and the archive
# drops old ones.
resolve_kernel_package() {
    case "$series" in
        6.1)
            apt-cache depends linux-image-amd64 2>/dev/null |
                awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
            ;;
        *)
            local re="^linux-image-${series//./\\.}\\.[0-9]+\\+deb[0-9]+-amd64-unsigned\$"
            apt-cache search --names-only "$re" 2>/dev/null | awk '{print $1}' | sort -V | tail -n1
            ;;
    esac
}

pkg="$(resolve_kernel_package || true)"
if [[ -z $pkg ]]; then
    # Fresh machine: no package lists yet.
    apt_update_once
    pkg="$(resolve_kernel_package || true)"
fi
if [[ -z $pkg ]]; then
    # Offline with a warm cache is fine: keep what we have.
    if [[ -f $env_file ]]; then
        log "cannot resolve a kernel package; keeping cached $(grep ^LAB_KVER= "$env_file")"
        exit 0
    fi
    log "cannot resolve a kernel package for series $series"; exit 1
fi
# The -unsigned package installs modules under the name without the suffix.
kver="${pkg#linux-image-}"
kver="${kver%-unsigned}"

kdir="$LAB_CACHE/$kver"
stamp="$kdir/ready"
inputs_hash="$(lab_initramfs_inputs_hash)"

if [[ -f $stamp && "$(cat "$stamp")" == "$inputs_hash" && -f $env_file ]] &&
   grep -qx "LAB_KVER=$kver" "$env_file"; then
    log "cache ready: $kver ($kdir)"
    exit 0
fi

mkdir -p "$LAB_CACHE/debs" "$kdir"

# --- download + unpack ------------------------------------------------------
if [[ ! -d $kdir/root/boot ]]; then
    deb="$(ls "$LAB_CACHE/debs/${pkg}_"*.deb 2>/dev/null | tail -n1 || true)"
    if [[ -z $deb ]]; then
        log "apt-get download $pkg"
        # apt drops privileges to _apt, which may not write into the cache;
        # download into a world-writable temp dir, then move.
        tmp="$(mktemp -d)"; chmod 777 "$tmp"
        if ! (cd "$tmp" && apt-get download -qq "$pkg" >&2); then
            # Lists may be stale (old ABI gone from the archive).
            apt_update_once
            (cd "$tmp" && apt-get download -qq "$pkg" >&2)
        fi
        mv "$tmp"/*.deb "$LAB_CACHE/debs/"
        rmdir "$tmp"
        deb="$(ls "$LAB_CACHE/debs/${pkg}_"*.deb | tail -n1)"
    fi
    log "dpkg -x $(basename "$deb")"
    rm -rf "$kdir/root.tmp"
    dpkg -x "$deb" "$kdir/root.tmp"
    mv "$kdir/root.tmp" "$kdir/root"
fi

root="$kdir/root"
# bookworm ships modules under /lib/modules; be ready for /usr/lib/modules.
moddir="$root/lib/modules"
[[ -d $moddir/$kver ]] || moddir="$root/usr/lib/modules"
[[ -d $moddir/$kver ]] || { log "no module tree for $kver in $root"; exit 1; }

# The .deb ships no modules.dep: generate it so modprobe works in the VM.
if [[ ! -f $moddir/$kver/modules.dep.bin ]]; then
    log "depmod $kver"
    depmod -b "$(dirname "$(dirname "$moddir")")" "$kver"
fi

# --- uncompressed vmlinux ---------------------------------------------------
# qemu boots an ELF vmlinux through PVH: no real mode, no decompression,
# about half the boot time under TCG. The bzImage payload is xz on 6.1 and
# zstd on 6.12; try every magic offset until one yields an ELF.
extract_vmlinux() {
    local bz="$1" out="$2" kind magic unpack off
    # kind | grep -P byte pattern of the magic | decompressor
    while IFS='|' read -r kind magic unpack; do
        for off in $(LC_ALL=C grep -obUaP "$magic" "$bz" | cut -d: -f1); do
            # Data after the stream makes the decompressor complain; the ELF
            # check below is what counts.
            tail -c +"$((off + 1))" "$bz" | $unpack >"$out.tmp" 2>/dev/null || true
            if [[ "$(head -c4 "$out.tmp" | od -An -tx1 | tr -d ' \n')" == 7f454c46 ]]; then
                mv "$out.tmp" "$out"
                log "vmlinux from $kind payload at offset $off"
                return 0
            fi
        done
    done <<'MAGIC'
xz|\xFD7zXZ\x00|xz -dc
zstd|\x28\xB5\x2F\xFD|zstd -dcq
MAGIC
    rm -f "$out.tmp"
    return 1
}
if [[ ! -f $kdir/vmlinux ]]; then
    extract_vmlinux "$root/boot/vmlinuz-$kver" "$kdir/vmlinux" ||
        { log "could not extract vmlinux from vmlinuz-$kver"; exit 1; }
fi

# --- initramfs --------------------------------------------------------------
# busybox + the modules needed to mount a 9p root with an overlay on top, in
# dependency order (modprobe --show-depends knows it; builtins are skipped).
log "building initramfs"
ird="$kdir/initramfs.d"
rm -rf "$ird"
mkdir -p "$ird"/{bin,dev,proc,sys,mnt,newroot,lower,ovl,modules}
cp /bin/busybox "$ird/bin/busybox"
for a in sh mount umount mkdir insmod switch_root cat sleep echo ls mknod cp xzcat; do
    ln -s busybox "$ird/bin/$a"
done
cp "$LAB_DIR/guest/init" "$ird/init"
chmod 755 "$ird/init"

: >"$ird/modules/order"
for m in virtio_pci 9pnet_virtio 9p overlay; do
    modprobe -d "$(dirname "$(dirname "$moddir")")" -S "$kver" --show-depends "$m"
done | awk '$1 == "insmod" && !seen[$2]++ {print $2}' | while read -r ko; do
    name="$(basename "$ko")"
    case "$name" in
        # busybox insmod cannot read compressed modules (6.12 ships .ko.xz).
        *.ko.xz) xz -dc "$ko" >"$ird/modules/${name%.xz}"; name="${name%.xz}" ;;
        *.ko.zst) zstd -dcq "$ko" >"$ird/modules/${name%.zst}"; name="${name%.zst}" ;;
        *) cp "$ko" "$ird/modules/$name" ;;
    esac
    echo "$name" >>"$ird/modules/order"
done
(cd "$ird" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) >"$kdir/initramfs.cpio.gz"
rm -rf "$ird"

cat >"$env_file.tmp" <<EOF
LAB_KVER=$kver
LAB_KPKG=$pkg
LAB_VMLINUX=$kdir/vmlinux
LAB_INITRD=$kdir/initramfs.cpio.gz
LAB_MODULES=$moddir
EOF
mv "$env_file.tmp" "$env_file"
echo "$inputs_hash" >"$stamp"
log "cache ready: $kver ($kdir)"
