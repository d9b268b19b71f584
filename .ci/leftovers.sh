#!/usr/bin/env bash
# What the tests start and must remove again: libvirt domains named brick-*, Docker containers, networks and volumes,
# loop devices, and brick-worker and qemu-system-* processes. `leftovers.sh snapshot FILE` records what is there before
# the tests; `leftovers.sh check FILE` names everything there now that was not (after a short grace for processes that
# are on their way out), removes it (so that the next run on this machine starts clean) and exits 1 if it found any.
# Processes count only when they carry this run's BRICK_CI_RUN (exported by .ci/run, inherited by whatever the tests
# start), so that another run's processes on a shared machine are never taken for this one's.
set -uo pipefail
mode=${1:?snapshot|check} file=${2:?file}
run_id=${BRICK_CI_RUN:-}

docker_up() { command -v docker >/dev/null && timeout 20 docker info >/dev/null 2>&1; }

inventory() {
  if command -v virsh >/dev/null; then
    timeout 20 virsh -c qemu:///system list --all --name 2>/dev/null | grep '^brick' | sed 's/^/domain /'
  fi
  if docker_up; then
    echo "docker up"
    timeout 20 docker ps -aq --no-trunc 2>/dev/null | sed 's/^/container /'
    timeout 20 docker network ls -q --no-trunc 2>/dev/null | sed 's/^/network /'
    timeout 20 docker volume ls -q 2>/dev/null | sed 's/^/volume /'
  fi
  losetup -n -O NAME 2>/dev/null | sed 's/^/loop /'
  # brick-worker (the executable or `dotnet brick-worker.dll`) and QEMU processes of this run, by pid.
  for pid in $(pgrep -f 'brick-worker(\.dll)?( |$)|qemu-system-' 2>/dev/null); do
    [ -n "$run_id" ] && tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qx "BRICK_CI_RUN=$run_id" && echo "process $pid"
  done
}

describe() {
  local kind=$1 id=$2
  case $kind in
    domain) echo "libvirt domain $id ($(timeout 10 virsh -c qemu:///system domstate "$id" 2>/dev/null | head -n1))" ;;
    container) echo "container $(timeout 10 docker inspect -f '{{.Name}} ({{.Config.Image}}, {{.State.Status}})' "$id" 2>/dev/null || echo "$id")" ;;
    network) echo "docker network $(timeout 10 docker network inspect -f '{{.Name}}' "$id" 2>/dev/null || echo "$id")" ;;
    volume) echo "docker volume $id" ;;
    loop) echo "loop device $id ($(losetup -n -O BACK-FILE "$id" 2>/dev/null))" ;;
    process) echo "process $id: $(tr '\0' ' ' < "/proc/$id/cmdline" 2>/dev/null | cut -c1-200)" ;;
  esac
}

remove() {
  local kind=$1 id=$2
  case $kind in
    domain) timeout 30 virsh -c qemu:///system destroy "$id" >/dev/null 2>&1; timeout 30 virsh -c qemu:///system undefine "$id" >/dev/null 2>&1 ;;
    container) timeout 60 docker rm -f -v "$id" >/dev/null 2>&1 ;;
    network) timeout 30 docker network rm "$id" >/dev/null 2>&1 ;;
    volume) timeout 30 docker volume rm "$id" >/dev/null 2>&1 ;;
    loop) losetup -d "$id" 2>/dev/null ;;
    process) kill -9 "$id" 2>/dev/null ;;
  esac
}

# What is there now and was not before; Docker's entities only when Docker answered both times (a daemon slow to
# answer at the snapshot would make every container look new).
new_since() {
  local now
  now=$(mktemp)
  inventory | sort -u > "$now"
  if grep -qx 'docker up' "$file" && grep -qx 'docker up' "$now"; then
    comm -13 "$file" "$now"
  else
    comm -13 "$file" "$now" | grep -Ev '^(container|network|volume) '
  fi | grep -v '^docker up$'
  rm -f "$now"
}

case $mode in
  snapshot) inventory | sort -u > "$file" ;;
  check)
    found=$(new_since)
    if echo "$found" | grep -q '^process '; then
      sleep 5 # a worker's watchdog shell ends within a second of its worker
      found=$(new_since)
    fi
    [ -n "$found" ] || exit 0
    while read -r kind id; do
      [ "$kind" = process ] && [ ! -d "/proc/$id" ] && continue
      echo "LEFTOVER: $(describe "$kind" "$id")"
    done <<< "$found"
    # Domains and processes first (they hold loop devices), containers before networks and volumes, loop devices last.
    for kind in domain process container network volume loop; do
      echo "$found" | awk -v k="$kind" '$1 == k { print $2 }' | while read -r id; do remove "$kind" "$id"; done
    done
    exit 1 ;;
  *) echo "usage: $0 snapshot|check FILE" >&2; exit 2 ;;
esac
