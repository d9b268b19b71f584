#!/usr/bin/env bash
# Prints the version that builds of brick-worker carry (image label, Debian package, `brick-worker --version`):
# $BRICK_VERSION when set, else the Version MSBuild gives src/Brick.Worker (1.0.0 unless the build sets one).
set -euo pipefail
if [ -n "${BRICK_VERSION:-}" ]; then
  echo "$BRICK_VERSION"
  exit 0
fi
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dotnet msbuild "$repo/src/Brick.Worker/Brick.Worker.csproj" -getProperty:Version
