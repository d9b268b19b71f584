#!/usr/bin/env bash
# What the tests start and must remove again: libvirt domains named brick-*, Docker containers and networks, and
# brick-worker and qemu-system-* processes. `leftovers.sh snapshot FILE` records what is there before the tests;
# `leftovers.sh check FILE` names everything there now that was not, removes it (so that the next run on this machine
# starts clean) and exits 1 if it found any.
set -uo pipefail
mode=${1:?snapshot|check} file=${2:?file}

inventory() {
  if command -v virsh >/dev/null; then
    timeout 20 virsh -c qemu:///system list --all --name 2>/dev/null | grep '^brick' | sed 's/^/domain /'
  fi
  if command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1; then
    timeout 20 docker ps -aq --no-trunc 2>/dev/null | sed 's/^/container /'
    timeout 20 docker network ls -q --no-trunc 2>/dev/null | sed 's/^/network /'
  fi
  # brick-worker (the executable or `dotnet brick-worker.dll`) and QEMU processes, by pid.
  pgrep -f 'brick-worker(\.dll)?( |$)' 2>/dev/null | sed 's/^/process /'
  pgrep -f '^(/usr/bin/)?qemu-system-' 2>/dev/null | sed 's/^/process /'
}

describe() {
  local kind=$1 id=$2
  case $kind in
    domain) echo "libvirt domain $id ($(timeout 10 virsh -c qemu:///system domstate "$id" 2>/dev/null | head -n1))" ;;
    container) echo "container $(timeout 10 docker inspect -f '{{.Name}} ({{.Config.Image}}, {{.State.Status}})' "$id" 2>/dev/null || echo "$id")" ;;
    network) echo "docker network $(timeout 10 docker network inspect -f '{{.Name}}' "$id" 2>/dev/null || echo "$id")" ;;
    process) echo "process $id: $(tr '\0' ' ' < "/proc/$id/cmdline" 2>/dev/null | cut -c1-200)" ;;
  esac
}

remove() {
  local kind=$1 id=$2
  case $kind in
    domain) timeout 30 virsh -c qemu:///system destroy "$id" >/dev/null 2>&1; timeout 30 virsh -c qemu:///system undefine "$id" >/dev/null 2>&1 ;;
    container) timeout 60 docker rm -f -v "$id" >/dev/null 2>&1 ;;
    network) timeout 30 docker network rm "$id" >/dev/null 2>&1 ;;
    process) kill -9 "$id" 2>/dev/null ;;
  esac
}

case $mode in
  snapshot) inventory | sort -u > "$file" ;;
  check)
    now=$(mktemp)
    inventory | sort -u > "$now"
    found=0
    while read -r kind id; do
      [ -n "$id" ] || continue
      [ "$kind" = process ] && [ ! -d "/proc/$id" ] && continue
      echo "LEFTOVER: $(describe "$kind" "$id")"
      found=1
    done < <(comm -13 "$file" "$now")
    # Containers before networks (a network in use cannot go), processes last.
    for kind in domain container network process; do
      comm -13 "$file" "$now" | awk -v k="$kind" '$1 == k { print $2 }' | while read -r id; do remove "$kind" "$id"; done
    done
    rm -f "$now"
    exit $found ;;
  *) echo "usage: $0 snapshot|check FILE" >&2; exit 2 ;;
esac
