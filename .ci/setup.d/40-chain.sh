# Sourced by .ci/run. The chain test (tests/Brick.Chain.Tests) boots the real-kernel suite's Debian kernel with a
# busybox initramfs (busybox-static, cpio: tests/vm/chain/build-initramfs.sh) and runs the same chain once through
# libvirt: Debian's libvirt 9.0, whose daemons run here without systemd when started by hand (virtlogd first:
# `virsh create` needs its socket for the QEMU log). deploy/ci/start-libvirt.sh starts them, makes libvirtd probe
# QEMU once (its first domain otherwise pays for that inside the test's time limit) and proves that a domain starts
# and is destroyed, so that a libvirt that cannot start a guest fails here, with libvirtd's own log, not in a test.
if [ -d tests/Brick.Chain.Tests ]; then
  chain_missing=()
  # python3-os-brick: Nova's path beside the chain's (os-brick's extend_volume, then virsh blockresize; NovaPath.cs).
  for p in busybox-static cpio libvirt-daemon-system libvirt-clients python3-os-brick; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || chain_missing+=("$p")
  done
  if [ ${#chain_missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${chain_missing[@]}" \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${chain_missing[@]}"; }
  fi
  bash deploy/ci/start-libvirt.sh
  echo "chain setup: libvirt $(virsh -c qemu:///system version --daemon 2>/dev/null | awk '/daemon/ { print $NF }'), busybox $(busybox | head -n1 | awk '{ print $2 }')"
fi
