# Sourced by .ci/run. Waits for the guests' VMs that .ci/setup.d/20-test-vm.sh builds in the background and exports
# BRICK_VM_DIR_<NAME> for each; a failed build fails CI here, with its log.
if [ -n "${BRICK_VM_BUILDS:-}" ] && [ -f "$BRICK_VM_BUILDS/pids" ]; then
  while read -r brick_vm_pid; do
    wait "$brick_vm_pid" || true
  done < "$BRICK_VM_BUILDS/pids"
  for rc_file in "$BRICK_VM_BUILDS"/*.rc; do
    [ -f "$rc_file" ] || continue
    brick_vm_name=$(basename "$rc_file" .rc)
    if [ "$(cat "$rc_file")" != 0 ]; then
      echo "test VM $brick_vm_name: build failed (exit $(cat "$rc_file")):"
      tail -n 40 "$BRICK_VM_BUILDS/$brick_vm_name.log"
      exit 1
    fi
    brick_vm_dir=$(tail -n1 "$BRICK_VM_BUILDS/$brick_vm_name.out")
    export "BRICK_VM_DIR_${brick_vm_name^^}=$brick_vm_dir"
    echo "test VM $brick_vm_name: $brick_vm_dir, kernel $(cat "$brick_vm_dir/kernel-version")"
  done
fi
