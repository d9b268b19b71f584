#!/usr/bin/env bash
# Publishes Brick.Worker (self-contained, linux-x64, ReadyToRun: JIT under TCG is slow) and
# assembles the scenarios payload in OUTDIR: this directory's scripts and scenarios.json, and
# brick-worker/.  Then one boot per entry of scenarios.json's "boots" (brick.boot=NAME picks them):
#   tests/vm/payloads/scenarios/prepare.sh OUTDIR
#   BRICK_VM_APPEND="brick.boot=native" tests/vm/run-vm.sh OUTDIR OUT_FILE
#   BRICK_VM_APPEND="nvme_core.multipath=N brick.boot=multipath-n" tests/vm/run-vm.sh OUTDIR OUT_FILE_N
# BRICK_PUBLISH_DIR: reuse an existing publish output instead of publishing.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
out=$1
pub=${BRICK_PUBLISH_DIR:-}
if [ -z "$pub" ]; then
  pub=$(mktemp -d "${TMPDIR:-/tmp}/brick-publish.XXXXXX")
  trap 'rm -rf "$pub"' EXIT
  (cd "$repo" && dotnet publish src/Brick.Worker -c Release -r linux-x64 --self-contained \
      -p:PublishSingleFile=false -p:PublishReadyToRun=true -p:InvariantGlobalization=true \
      -p:DebugType=none -o "$pub") >&2
fi
[ -x "$pub/brick-worker" ] || { echo "prepare: $pub/brick-worker missing" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out/brick-worker"
cp -a "$here/." "$out/"
rm -f "$out/prepare.sh"
cp -a "$pub/." "$out/brick-worker/"
echo "$out"
