#!/usr/bin/env bash
# Boots the Brick test VM with a payload and collects its result lines.
#
#   tests/vm/run-vm.sh PAYLOAD_DIR OUT_FILE
#
# PAYLOAD_DIR's content (must contain run.sh) plus tests/vm/guest/ (as guest/) go into a
# small ext4 image, mounted in the guest at /payload; the guest's init starts udev, runs
# `sh /payload/run.sh`, and powers off. Every console line starting with `BRICK|` is
# written to OUT_FILE (carriage returns stripped); the whole console goes to
# OUT_FILE.console.
#
# Environment:
#   BRICK_VM_APPEND   extra kernel command-line arguments (e.g. nvme_core.multipath=N)
#   BRICK_VM_TIMEOUT  hard timeout of the boot in seconds (default 240)
#   BRICK_VM_MEM      guest memory in MiB (default 1024)
#   BRICK_VM_SMP      guest CPUs (default 2)
#   BRICK_VM_VERBOSE  1: also stream the console to stderr
#   BRICK_VM_DIR      use this VM directory instead of calling build-vm.sh
# Exit: 0 when the guest reported `BRICK|done|rc=0`; the payload's rc when it failed;
#       90 no result marker (boot failure, crash); 124 timeout.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 PAYLOAD_DIR OUT_FILE" >&2; exit 2; }
payload=$(cd "$1" && pwd)
out_file=$2
[ -f "$payload/run.sh" ] || { echo "run-vm: $payload/run.sh missing" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
t0=$(date +%s.%N)

vm=${BRICK_VM_DIR:-$("$here/build-vm.sh" | tail -n1)}
[ -f "$vm/.complete" ] || { echo "run-vm: no VM in $vm" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/brick-vm-run.XXXXXX")
qpid=""
cleanup() { [ -n "$qpid" ] && kill "$qpid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Payload disk; the root image is copied so that every boot starts from the same state
# (cp --reflink/sparse keeps this cheap).
mkdir -p "$work/payload"
cp -a "$payload/." "$work/payload/"
mkdir -p "$work/payload/guest"
cp -a "$here/guest/." "$work/payload/guest/"
psize=$(( $(du -sm "$work/payload" | cut -f1) + 32 ))
mkfs.ext4 -q -F -L brickpayload -d "$work/payload" "$work/payload.img" "${psize}M" >&2
cp --sparse=always "$vm/root.img" "$work/root.img"

console="$out_file.console"
: > "$console"
timeout_s=${BRICK_VM_TIMEOUT:-240}
append="console=ttyS0 panic=-1 loglevel=3 rw ${BRICK_VM_APPEND:-}"
echo "run-vm: booting $(cat "$vm/kernel-version") ($vm), timeout ${timeout_s}s, append: $append" >&2
tb=$(date +%s.%N)
set +e
timeout -k 5 "$timeout_s" qemu-system-x86_64 \
  -machine q35 -accel tcg -cpu max -m "${BRICK_VM_MEM:-1024}" -smp "${BRICK_VM_SMP:-2}" \
  -nographic -no-reboot -nic none \
  -kernel "$vm/vmlinuz" -initrd "$vm/initrd.img" -append "$append" \
  -drive "file=$work/root.img,if=virtio,format=raw" \
  -drive "file=$work/payload.img,if=virtio,format=raw" \
  </dev/null > >(if [ "${BRICK_VM_VERBOSE:-0}" = 1 ]; then tee "$console" >&2; else cat > "$console"; fi) 2>&1
qrc=$?
set -e
sleep 0.2
tr -d '\r' < "$console" | grep -a '^BRICK|' > "$out_file" || true
echo "run-vm: qemu exit $qrc, boot+payload $(elapsed "$tb")s, total $(elapsed "$t0")s, $(wc -l < "$out_file") result lines in $out_file" >&2
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
  echo "run-vm: TIMEOUT after ${timeout_s}s; console tail:" >&2; tail -n 20 "$console" >&2; exit 124
fi
done_line=$(grep -a '^BRICK|done|' "$out_file" | tail -n1 || true)
if [ -z "$done_line" ]; then
  echo "run-vm: no BRICK|done marker (boot failure?); console tail:" >&2; tail -n 30 "$console" >&2; exit 90
fi
prc=$(sed -n 's/^BRICK|done|rc=\([0-9]*\).*/\1/p' <<<"$done_line")
exit "${prc:-90}"
