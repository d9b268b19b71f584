#!/usr/bin/env bash
# Publishes Brick.Worker (self-contained, linux-x64, ReadyToRun: JIT under TCG is slow) and
# assembles the scenarios payload in OUTDIR: run.sh, count-multipathd, brick-worker/.
#   tests/vm/payloads/scenarios/prepare.sh OUTDIR && tests/vm/run-vm.sh OUTDIR OUT_FILE
#   BRICK_VM_APPEND=nvme_core.multipath=N tests/vm/run-vm.sh OUTDIR OUT_FILE_N
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
install -m 0755 "$here/run.sh" "$out/run.sh"
install -m 0755 "$here/count-multipathd" "$out/count-multipathd"
cp -a "$pub/." "$out/brick-worker/"
echo "$out"
