# Sourced by .ci/run. The real-kernel suite (tests/Brick.RealKernel.Tests) boots Debian's own kernel under QEMU, one VM
# per guest of tests/vm/payloads/scenarios/scenarios.json (Debian 12 and Debian 13): build them here (QEMU,
# debootstrap and the kernel package from the machine's apt mirror; cached by input hash) so that the tests only
# publish the worker and boot, and hand the VM directories on to them: BRICK_VM_DIR for the first guest,
# BRICK_VM_DIR_<NAME> (e.g. BRICK_VM_DIR_DEBIAN13) for the others.
# The first guest is built here, in the foreground (it installs the host's packages); the others in the background
# while the next set-up steps run (a debootstrap is mostly waiting on the mirror and dpkg), and
# .ci/setup.d/90-test-vm-wait.sh waits for them.
if [ -d tests/Brick.RealKernel.Tests ]; then
  catalog=tests/vm/payloads/scenarios/scenarios.json
  mapfile -t brick_vm_guests < <(/usr/bin/python3 -c 'import json, sys
for g in json.load(open(sys.argv[1]))["guests"]: print(g["name"], g["suite"])' "$catalog")
  read -r brick_vm_name brick_vm_suite <<<"${brick_vm_guests[0]}"
  BRICK_VM_DIR=$(bash tests/vm/build-vm.sh --suite "$brick_vm_suite" | tail -n1)
  export BRICK_VM_DIR
  echo "test VM $brick_vm_name: $BRICK_VM_DIR, kernel $(cat "$BRICK_VM_DIR/kernel-version")"
  brick_vm_builds=$(mktemp -d /tmp/brick-vm-builds.XXXXXX)
  for guest in "${brick_vm_guests[@]:1}"; do
    read -r brick_vm_name brick_vm_suite <<<"$guest"
    ( rc=0
      bash tests/vm/build-vm.sh --suite "$brick_vm_suite" > "$brick_vm_builds/$brick_vm_name.out" 2> "$brick_vm_builds/$brick_vm_name.log" || rc=$?
      echo "$rc" > "$brick_vm_builds/$brick_vm_name.rc" ) </dev/null &
    echo $! >> "$brick_vm_builds/pids"
    echo "test VM $brick_vm_name: building from $brick_vm_suite in the background (log $brick_vm_builds/$brick_vm_name.log)"
  done
  export BRICK_VM_BUILDS=$brick_vm_builds
fi
