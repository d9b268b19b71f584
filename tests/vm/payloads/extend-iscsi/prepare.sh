#!/usr/bin/env bash
# Publishes Brick.Worker (self-contained, linux-x64) and assembles the extend-iscsi payload
# dir in OUTDIR: run.sh + brick-worker/ (the publish output).  Then:
#   tests/vm/run-vm.sh OUTDIR OUT_FILE
# BRICK_PUBLISH_DIR: reuse an existing publish output instead of publishing.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
out=$1
pub=${BRICK_PUBLISH_DIR:-}
if [ -z "$pub" ]; then
  pub=$(mktemp -d "${TMPDIR:-/tmp}/brick-publish.XXXXXX")
  (cd "$repo" && dotnet publish src/Brick.Worker -c Release -r linux-x64 --self-contained \
      -p:PublishSingleFile=false -o "$pub") >&2
fi
[ -x "$pub/brick-worker" ] || { echo "prepare: $pub/brick-worker missing" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out/brick-worker"
cp "$here/run.sh" "$out/run.sh"
cp -a "$pub/." "$out/brick-worker/"
echo "$out"
