#!/usr/bin/env bash
# Builds the chain test's initramfs from the real-kernel suite's VM (tests/vm/build-vm.sh): its busybox and virtio
# modules, with tests/vm/chain/guest-init as /init. Cached beside the VM by the hash of guest-init.
#
#   tests/vm/chain/build-initramfs.sh VM_DIR     -> last stdout line: the initramfs
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vm=${1:?usage: build-initramfs.sh VM_DIR}
[ -f "$vm/initrd.img" ] || { echo "build-initramfs: $vm/initrd.img not found (run tests/vm/build-vm.sh)" >&2; exit 1; }
hash=$(sha256sum "$here/guest-init" "$vm/initrd.img" | sha256sum | cut -c1-16)
out="$vm/chain-initrd-$hash.img"
if [ -f "$out" ]; then echo "$out"; exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && zcat "$vm/initrd.img" | cpio -id --quiet)
install -m 0755 "$here/guest-init" "$work/init"
rm -rf "$work/newroot"
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
