# Sourced by .ci/run. blockresize's tests on a real QEMU (tests/Brick.Worker.IntegrationTests/Blockresize, QemuLoopGuest)
# write a qcow2 image onto a loop device with qemu-img (Debian: qemu-utils, which qemu-system-x86 only recommends) and
# start qemu-system-x86_64 on it.
if [ -d tests/Brick.Worker.IntegrationTests/Blockresize ]; then
  qemu_missing=()
  for p in qemu-system-x86 qemu-utils; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || qemu_missing+=("$p")
  done
  if [ ${#qemu_missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${qemu_missing[@]}" \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${qemu_missing[@]}"; }
  fi
  echo "qemu-img: $(qemu-img --version | head -n1)"
fi
