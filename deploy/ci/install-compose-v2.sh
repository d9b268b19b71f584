#!/usr/bin/env bash
# Installs the Compose v2 Docker CLI plugin (`docker compose`) from Debian 13's docker-compose package, idempotently,
# on a Debian 12 machine whose apt sources stay as they are (issue 19, point 6). As root.
#   install-compose-v2.sh
# Debian 12's own docker-compose is Compose 1.29 (`docker-compose`, Python); Debian 13's (2.26.1) is the Go plugin,
# depending only on libc6 (>= 2.34), which Debian 12 has. The suite is read with an apt state of its own (a sources
# list, lists, cache and archives in a temporary directory): the machine's sources, lists, package cache and dpkg
# database are not touched, and Debian 12's /usr/bin/docker-compose (1.29) stays. Only the plugin's one file is
# copied, to /usr/libexec/docker/cli-plugins/docker-compose (where the docker CLI looks for plugins; not dpkg's:
# deploy/ci/strip-to-fresh.sh removes it by path).
# The mirror is this machine's (deploy/lib/debian-mirror.sh). Debian 12's dockerd 20.10 answers API 1.41 at most:
# `docker compose` is checked with DOCKER_API_VERSION=1.41 (the tests get it from .ci/setup.d/10-docker-rabbitmq.sh).
#   BRICK_COMPOSE_V2_SUITE   the suite to take the package from (default trixie)
set -euo pipefail

plugin=/usr/libexec/docker/cli-plugins/docker-compose
suite=${BRICK_COMPOSE_V2_SUITE:-trixie}
here=$(cd "$(dirname "$0")" && pwd)

say() { echo "install-compose-v2: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# `docker compose version --short` of the plugin as the docker CLI finds it (e.g. 2.26.1-4), or nothing.
plugin_version() { DOCKER_API_VERSION=1.41 timeout 30 docker compose version --short 2>/dev/null || true; }

command -v docker >/dev/null 2>&1 || die "no docker client on PATH (deploy/ci/start-docker.sh installs docker.io)"
installed=$(plugin_version)
if [ -x "$plugin" ] && [[ $installed == 2.* ]]; then
  say "docker compose $installed already installed ($plugin)"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "must run as root (writes $plugin)"
for tool in apt-get dpkg-deb; do command -v "$tool" >/dev/null 2>&1 || die "$tool not found"; done
# shellcheck source=../lib/apt-suite.sh
. "$here/../lib/apt-suite.sh"

work=$(mktemp -d /tmp/brick-compose-v2.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/download" "$work/root"
apt_suite_state "$work" "$suite" || die "no Debian mirror in this machine's apt sources"
say "reading $suite main from this machine's mirror with an apt state of its own"
apt-get "${APT_SUITE[@]}" -qq update || die "apt-get update of $suite failed"
(cd "$work/download" && apt-get "${APT_SUITE[@]}" -qq download "docker-compose/$suite") \
  || die "apt-get download docker-compose/$suite failed"
deb=$(find "$work/download" -maxdepth 1 -name 'docker-compose_*.deb' | head -n 1)
[ -n "$deb" ] || die "no docker-compose .deb was downloaded"
say "unpacking $(basename "$deb")"
dpkg-deb -x "$deb" "$work/root"
[ -x "$work/root$plugin" ] || die "$(basename "$deb") holds no $plugin: not the Compose v2 plugin"
install -D -m 0755 "$work/root$plugin" "$plugin"

installed=$(plugin_version)
[[ $installed == 2.* ]] || die "docker compose version does not answer with 2.x after installing $plugin (got '${installed}')"
say "docker compose $installed installed ($plugin); docker-compose stays $(command -v docker-compose || echo 'not installed')"
