#!/usr/bin/env bash
# Builds (or finds cached) the Brick real-kernel test VM: Debian's own kernel, a busybox
# initramfs, and a Debian minbase root image with the storage tools.
#
#   tests/vm/build-vm.sh [--suite SUITE]   -> last stdout line: the VM directory
#
# SUITE is the Debian suite of the guest (its kernel, its root): by default this machine's own (Debian 12, bookworm);
# `--suite trixie` builds a Debian 13 guest (issue 20 point 3). A suite other than the machine's is read with an apt
# state of its own (sources list, lists and archives in the build's work directory), as deploy/ci/install-compose-v2.sh
# does: the machine's apt sources, lists and dpkg database are not touched.
#
# Output directory: ${BRICK_VM_CACHE:-/var/cache/brick-vm}/<hash>, containing
#   vmlinuz, initrd.img, root.img, kernel-version, packages.txt
# <hash> covers this script, tests/vm/image/*, the Debian suite and the kernel package
# version, so a second run with the same inputs returns at once.
# Needs root (apt-get, debootstrap). Only Debian packages from the machine's apt mirror.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache_root=${BRICK_VM_CACHE:-/var/cache/brick-vm}
t0=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[build-vm %6ss] %s\n' "$(elapsed "$t0")" "$*" >&2; }

# Guest packages (debootstrap --include). Changing this list changes the hash.
# python3-os-brick (+ python3-ply, a virtual dependency debootstrap does not resolve), lsscsi, dmidecode (os-brick's
# get_connector_properties runs it and fails without it) and strace: the peer
# suite (payloads/scenarios/peers: os-brick's extend_volume beside the worker, processes counted with strace).
GUEST_PACKAGES=multipath-tools,open-iscsi,nvme-cli,cryptsetup-bin,udev,kmod,iproute2,util-linux,procps,xxd,dmsetup,sg3-utils,jq,python3-os-brick,python3-ply,lsscsi,strace,dmidecode
HOST_PACKAGES=(qemu-system-x86 debootstrap busybox-static e2fsprogs cpio kmod gzip xz-utils coreutils)

host_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
suite=$host_suite
while [ $# -gt 0 ]; do
  case $1 in
    --suite) [ $# -ge 2 ] || { echo "build-vm: --suite needs a value" >&2; exit 2; }; suite=$2; shift 2 ;;
    *) echo "build-vm: unknown argument $1 (usage: build-vm.sh [--suite SUITE])" >&2; exit 2 ;;
  esac
done
[[ $suite =~ ^[a-z]+$ ]] || { echo "build-vm: suite '$suite' is not a Debian suite name" >&2; exit 2; }

need_install=()
for p in "${HOST_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_install+=("$p")
done
if ((${#need_install[@]})); then
  log "apt-get install ${need_install[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_install[@]}" >&2; then
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_install[@]}" >&2
  fi
  log "host packages installed"
fi

# apt for the guest's suite: the machine's own state for its own suite, else a state of its own (never the machine's
# sources: apt would start upgrading the machine).
apt_suite=()
if [ "$suite" != "$host_suite" ]; then
  # shellcheck source=../../deploy/lib/apt-suite.sh
  . "$repo/deploy/lib/apt-suite.sh"
  apt_state=$(mktemp -d "${TMPDIR:-/tmp}/brick-vm-apt.XXXXXX")
  trap 'rm -rf "$apt_state"' EXIT
  apt_suite_state "$apt_state" "$suite"
  apt_suite=("${APT_SUITE[@]}")
  apt-get "${apt_suite[@]}" -q update >&2
fi

kpkg=$(apt-cache "${apt_suite[@]}" depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
if [ -z "$kpkg" ]; then
  apt-get "${apt_suite[@]}" update -q >&2
  kpkg=$(apt-cache "${apt_suite[@]}" depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
fi
kpkg_ver=$(apt-cache "${apt_suite[@]}" policy "$kpkg" | awk '/Candidate:/ { print $2 }')
[ -n "$kpkg" ] && [ -n "$kpkg_ver" ] || { echo "build-vm: cannot resolve the kernel package" >&2; exit 1; }

hash=$( { cat "$here/build-vm.sh"; cat "$here"/image/*; echo "$suite $kpkg $kpkg_ver"; } | sha256sum | cut -c1-16)
out="$cache_root/$hash"
if [ -f "$out/.complete" ]; then
  log "cached: $out ($kpkg $kpkg_ver)"
  echo "$out"
  exit 0
fi

log "building $out ($suite, $kpkg $kpkg_ver)"
mkdir -p "$cache_root"
work=$(mktemp -d "$cache_root/.build-$hash.XXXXXX")
trap 'rm -rf "$work" ${apt_state:+"$apt_state"}' EXIT

# --- kernel -----------------------------------------------------------------------
ts=$(date +%s.%N)
(cd "$work" && apt-get "${apt_suite[@]}" download -q "$kpkg=$kpkg_ver" >&2)
mkdir "$work/k"
dpkg-deb -x "$work"/"$kpkg"_*.deb "$work/k"
# Debian 13's kernel package ships its modules under /usr/lib/modules (merged /usr); depmod -b and the copy below
# read them under lib/modules.
if [ ! -d "$work/k/lib/modules" ] && [ -d "$work/k/usr/lib/modules" ]; then
  mkdir -p "$work/k/lib"
  mv "$work/k/usr/lib/modules" "$work/k/lib/modules"
fi
kver=$(ls "$work/k/lib/modules" | head -n1)
depmod -b "$work/k" "$kver"
log "kernel $kver downloaded and extracted in $(elapsed "$ts")s"

# --- guest root (debootstrap) ---------------------------------------------------------
ts=$(date +%s.%N)
mirror=$("$repo/deploy/lib/debian-mirror.sh")
root="$work/root"
debootstrap --variant=minbase --include="$GUEST_PACKAGES" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
log "debootstrap done in $(elapsed "$ts")s"

ts=$(date +%s.%N)
mkdir -p "$root/lib/modules"
cp -a "$work/k/lib/modules/$kver" "$root/lib/modules/"
install -m 0755 "$here/image/brick-init" "$root/sbin/brick-init"
echo brick-vm > "$root/etc/hostname"
printf '127.0.0.1 localhost brick-vm\n' > "$root/etc/hosts"
: > "$root/etc/fstab"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
       "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*
chroot "$root" dpkg-query -W -f='${Package} ${Version}\n' > "$work/packages.txt"
size_mb=$(( $(du -sm "$root" | cut -f1) + 400 ))
mkfs.ext4 -q -F -L brickroot -d "$root" "$work/root.img" "${size_mb}M"
log "root image ${size_mb} MiB built in $(elapsed "$ts")s"

# --- initramfs --------------------------------------------------------------------------
ts=$(date +%s.%N)
ird="$work/initrd"
mkdir -p "$ird"/{bin,dev,proc,sys,newroot,lib/modules}
cp /bin/busybox "$ird/bin/busybox"
install -m 0755 "$here/image/initramfs-init" "$ird/init"
: > "$ird/modules.order"
# insmod lines in dependency order; skip built-ins and duplicates
for m in virtio_pci virtio_blk crc32c_generic ext4; do
  modprobe -d "$work/k" -S "$kver" --show-depends "$m"
done | awk '$1 == "insmod" { print $2 }' | while read -r ko; do
      rel=${ko#"$work/k/lib/modules/"}
      # busybox's insmod takes plain modules only: Debian 13's kernel ships them xz-compressed (.ko.xz), so the few
      # the initramfs loads are unpacked here (the root keeps them compressed: its kmod reads them).
      case $rel in
        *.ko.xz) plain=${rel%.xz}; unpack=(xz -dc) ;;
        *.ko.zst) plain=${rel%.zst}; unpack=(zstd -dcq) ;;
        *.ko.gz) plain=${rel%.gz}; unpack=(gzip -dc) ;;
        *.ko) plain=$rel; unpack=(cat) ;;
        *) echo "build-vm: $rel is not a kernel module" >&2; exit 1 ;;
      esac
      grep -qxF "$plain" "$ird/modules.order" && continue
      mkdir -p "$ird/lib/modules/$(dirname "$plain")"
      "${unpack[@]}" "$ko" > "$ird/lib/modules/$plain"
      echo "$plain" >> "$ird/modules.order"
    done
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.img"
log "initramfs with $(wc -l < "$ird/modules.order") modules in $(elapsed "$ts")s"

cp "$work/k/boot/vmlinuz-$kver" "$work/vmlinuz"
echo "$kver" > "$work/kernel-version"
echo "$kpkg $kpkg_ver" > "$work/kernel-package"
mkdir -p "$out"
mv "$work/vmlinuz" "$work/initrd.img" "$work/root.img" "$work/kernel-version" "$work/kernel-package" "$work/packages.txt" "$out/"
touch "$out/.complete"
log "done in $(elapsed "$t0")s: $out"
echo "$out"
