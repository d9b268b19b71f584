# Sourced by .ci/run. The chain test (tests/Brick.Chain.Tests) boots the real-kernel suite's Debian kernel with a
# busybox initramfs (busybox-static, cpio: tests/vm/chain/build-initramfs.sh) and runs the same chain once through
# libvirt: Debian's libvirt 9.0, whose daemons run here without systemd when started by hand (virtlogd first:
# `virsh create` needs its socket for the serial console file).
if [ -d tests/Brick.Chain.Tests ]; then
  chain_missing=()
  for p in busybox-static cpio libvirt-daemon-system libvirt-clients; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || chain_missing+=("$p")
  done
  if [ ${#chain_missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${chain_missing[@]}" \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${chain_missing[@]}"; }
  fi
  # A socket left by a daemon that is gone (a machine reused after its processes were killed) refuses connections:
  # start by the process, not by the socket, and clear the stale sockets first.
  if ! pgrep -x virtlogd >/dev/null; then
    rm -f /run/libvirt/virtlogd-sock /run/libvirt/virtlogd-admin-sock
    virtlogd -d
  fi
  if ! pgrep -x libvirtd >/dev/null; then
    rm -f /run/libvirt/libvirt-sock /run/libvirt/libvirt-sock-ro /run/libvirt/libvirt-admin-sock
    libvirtd -d
  fi
  for _ in $(seq 1 20); do [ -S /run/libvirt/virtlogd-sock ] && break; sleep 0.5; done
  for _ in $(seq 1 20); do virsh -c qemu:///system list --name >/dev/null 2>&1 && break; sleep 0.5; done
  echo "chain setup: libvirt $(virsh -c qemu:///system version --daemon 2>/dev/null | awk '/daemon/ { print $NF }'), busybox $(busybox | head -n1 | awk '{ print $2 }')"
fi
