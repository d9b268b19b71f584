# Sourced by .ci/run. The real-kernel suite (tests/Brick.RealKernel.Tests) boots Debian's own kernel under QEMU:
# build the VM here (QEMU, debootstrap and the kernel package from the machine's apt mirror; ~100 s, cached by input
# hash) so that the tests only publish the worker and boot, and hand the VM directory on to them.
if [ -d tests/Brick.RealKernel.Tests ]; then
  BRICK_VM_DIR=$(bash tests/vm/build-vm.sh | tail -n1)
  export BRICK_VM_DIR
  echo "test VM: $BRICK_VM_DIR, kernel $(cat "$BRICK_VM_DIR/kernel-version")"
fi
