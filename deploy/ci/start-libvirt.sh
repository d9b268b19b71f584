#!/usr/bin/env bash
# Starts libvirt's daemons on a machine without systemd (as root, idempotently) and proves that a transient QEMU
# domain (software emulation) starts and goes again, within bounded times:
#   1. virtlogd and libvirtd, by process (a socket left by a daemon that is gone refuses connections: clear those);
#      libvirtd logs its QEMU driver at info level to /var/log/libvirt/libvirtd.log, for the tests' failure messages;
#   2. `virsh domcapabilities`: libvirtd probes the QEMU binary once (seconds when idle, much longer on a loaded
#      machine) and caches what it found; the first `virsh create` would otherwise pay for it;
#   3. a smoke domain (no disk, no kernel: it sits in the firmware) created and destroyed; on failure, its state
#      with the reason and the tails of libvirtd's and the domain's logs are printed, and the script exits 1.
set -uo pipefail
uri=qemu:///system
say() { echo "start-libvirt: $*" >&2; }
diagnose() {
  say "$1"
  timeout 20 virsh -c "$uri" list --all >&2
  timeout 20 virsh -c "$uri" domstate --reason --domain brick-smoke >&2 2>&1
  say "libvirtd.log (tail):"; tail -n 40 /var/log/libvirt/libvirtd.log >&2
  say "brick-smoke.log (tail):"; tail -n 20 /var/log/libvirt/qemu/brick-smoke.log >&2 2>/dev/null
  timeout 30 virsh -c "$uri" destroy --domain brick-smoke >/dev/null 2>&1
  exit 1
}

[ "$(id -u)" -eq 0 ] || { say "must run as root"; exit 1; }
if ! pgrep -x virtlogd >/dev/null; then
  rm -f /run/libvirt/virtlogd-sock /run/libvirt/virtlogd-admin-sock
  virtlogd -d </dev/null
fi
if ! pgrep -x libvirtd >/dev/null; then
  rm -f /run/libvirt/libvirt-sock /run/libvirt/libvirt-sock-ro /run/libvirt/libvirt-admin-sock
  mkdir -p /var/log/libvirt
  LIBVIRT_LOG_FILTERS="2:qemu 3:*" LIBVIRT_LOG_OUTPUTS="2:file:/var/log/libvirt/libvirtd.log" libvirtd -d </dev/null
fi
for _ in $(seq 1 40); do [ -S /run/libvirt/virtlogd-sock ] && break; sleep 0.5; done
for _ in $(seq 1 40); do timeout 10 virsh -c "$uri" list --name >/dev/null 2>&1 && break; sleep 0.5; done
timeout 10 virsh -c "$uri" list --name >/dev/null 2>&1 || diagnose "libvirtd does not answer on $uri"

started=$SECONDS
timeout 300 virsh -c "$uri" domcapabilities --virttype qemu --arch x86_64 >/dev/null || diagnose "libvirtd could not probe QEMU within 300 s"
say "QEMU capabilities probed in $((SECONDS - started)) s"

dir=$(mktemp -d /var/lib/libvirt/images/brick-smoke.XXXXXX)
cat > "$dir/domain.xml" <<XML
<domain type='qemu'>
  <name>brick-smoke</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices><serial type='file'><source path='$dir/console.log'/><target port='0'/></serial></devices>
</domain>
XML
timeout 30 virsh -c "$uri" destroy --domain brick-smoke >/dev/null 2>&1
started=$SECONDS
timeout 180 virsh -c "$uri" create "$dir/domain.xml" >/dev/null || diagnose "virsh create of a smoke domain did not succeed within 180 s"
created=$((SECONDS - started))
timeout 60 virsh -c "$uri" destroy --domain brick-smoke >/dev/null || diagnose "the smoke domain could not be destroyed"
rm -rf "$dir"
say "a QEMU domain started in ${created} s and was destroyed"
