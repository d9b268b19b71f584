#!/usr/bin/env bash
# Builds a RabbitMQ Docker image without any container registry:
#   debootstrap (a Debian suite, minbase + rabbitmq-server + tini) from this machine's Debian mirror,
#   trimmed, then `docker import` with the image config set by --change.
# Usage: build-image.sh [--suite SUITE] [TAG]
#   SUITE bookworm (Debian 12: RabbitMQ 3.10, Erlang 25; default TAG brick/rabbitmq:local) or
#         trixie   (Debian 13: RabbitMQ 4.0, Erlang 27; default TAG brick/rabbitmq4:local).
#   Default SUITE: $BRICK_RABBITMQ_SUITE, else bookworm. Only debootstrap's target root sees the suite:
#   the machine's own apt sources are never touched (adding trixie there would upgrade the machine).
# The build is skipped when TAG already carries the hash of the suite, this script and start-rabbitmq.sh
# (label org.brick.inputs-sha). BRICK_REBUILD=1 forces a build. Needs root and a running Docker
# daemon (deploy/ci/start-docker.sh).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
suite="${BRICK_RABBITMQ_SUITE:-bookworm}"
if [ "${1:-}" = --suite ]; then
  [ $# -ge 2 ] || { echo "build-image: --suite needs a value" >&2; exit 2; }
  suite=$2
  shift 2
fi
case "$suite" in
  bookworm) default_tag=brick/rabbitmq:local ;;
  trixie) default_tag=brick/rabbitmq4:local ;;
  *) echo "build-image: unknown suite '$suite' (bookworm or trixie)" >&2; exit 2 ;;
esac
tag="${1:-$default_tag}"
packages=rabbitmq-server,tini
label=org.brick.inputs-sha

say() { echo "build-image: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap)"
docker info >/dev/null 2>&1 || die "Docker daemon not answering; run deploy/ci/start-docker.sh first"

inputs_sha=$({ echo "suite=$suite"; cat "$here/build-image.sh" "$here/start-rabbitmq.sh"; } | sha256sum | cut -c1-16)
current_sha=$(docker image inspect --format "{{ index .Config.Labels \"$label\" }}" "$tag" 2>/dev/null || true)
if [ "${BRICK_REBUILD:-0}" != 1 ] && [ "$current_sha" = "$inputs_sha" ]; then
  say "$tag is up to date ($label=$inputs_sha); nothing to do"
  exit 0
fi
say "building $tag from Debian $suite ($label=$inputs_sha)"

if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends debootstrap
fi

mirror=$("$here/../lib/debian-mirror.sh")
work=$(mktemp -d /var/tmp/brick-rabbitmq.XXXXXX)
rootfs="$work/rootfs"
cleanup() {
  # debootstrap mounts /proc (and may bind /dev) in the target: never delete through a mount.
  local m
  awk -v r="$rootfs" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# Downloaded .debs are kept between builds on this machine (only the first build fetches them).
cache="${BRICK_DEBOOTSTRAP_CACHE:-/var/cache/brick-debootstrap}"
mkdir -p "$cache"
debootstrap_failed() {
  tail -n 40 "$work/debootstrap.log" >&2
  if [ -f "$rootfs/debootstrap/debootstrap.log" ]; then tail -n 40 "$rootfs/debootstrap/debootstrap.log" >&2; fi
  die "debootstrap failed (log above)"
}
# Two stages so that dpkg can be told not to fsync every file of the second stage (the image is
# thrown away if the build fails anyway), which spares a lot of disk syncs.
say "debootstrap stage 1: download + unpack $suite minbase + $packages from $mirror ..."
debootstrap --foreign --variant=minbase --include="$packages" --cache-dir="$cache" \
  "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || debootstrap_failed
say "  done at ${SECONDS}s"
mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
echo force-unsafe-io >"$rootfs/etc/dpkg/dpkg.cfg.d/brick-unsafe-io"
say "debootstrap stage 2: install + configure ..."
chroot "$rootfs" /debootstrap/debootstrap --second-stage >>"$work/debootstrap.log" 2>&1 || debootstrap_failed
rm -f "$rootfs/etc/dpkg/dpkg.cfg.d/brick-unsafe-io"
say "  done at ${SECONDS}s"

install -m 0755 "$here/start-rabbitmq.sh" "$rootfs/usr/local/bin/start-rabbitmq.sh"
# The CLI tools (e.g. `docker exec ... rabbitmqctl`) would parse RABBITMQ_DEFAULT_* from the container
# environment too, and crash on passwords with characters above U+00FF: hide them (/usr/local/sbin
# comes first in PATH).
for tool in rabbitmqctl rabbitmq-diagnostics rabbitmq-plugins rabbitmq-queues rabbitmq-upgrade; do
  [ -e "$rootfs/usr/sbin/$tool" ] || continue
  cat >"$rootfs/usr/local/sbin/$tool" <<EOF
#!/bin/sh
unset RABBITMQ_DEFAULT_USER RABBITMQ_DEFAULT_PASS RABBITMQ_DEFAULT_VHOST
exec /usr/sbin/$tool "\$@"
EOF
  chmod 0755 "$rootfs/usr/local/sbin/$tool"
done

# Trim: package caches and lists, docs, man pages, translations; no state from the build.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
  "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
  "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/lintian \
  "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/var/lib/rabbitmq/mnesia \
  "$rootfs"/var/log/rabbitmq/* "$rootfs"/debootstrap
find "$rootfs/usr/lib/python3" -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true
# Docker provides these at run time.
: >"$rootfs/etc/hostname"
: >"$rootfs/etc/resolv.conf"

say "importing into Docker ..."
old_id=$(docker image inspect --format '{{ .Id }}' "$tag" 2>/dev/null || true)
tar --numeric-owner --one-file-system -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV RABBITMQ_NODENAME=rabbit@localhost' \
  --change 'EXPOSE 5672 15672' \
  --change 'WORKDIR /var/lib/rabbitmq' \
  --change 'ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/start-rabbitmq.sh"]' \
  --change 'CMD []' \
  --change "LABEL $label=$inputs_sha" \
  --change "LABEL org.brick.debian-suite=$suite" \
  --message "brick rabbitmq ($suite, debootstrap)" \
  - "$tag" >/dev/null

# The previous build is now untagged: drop it unless a container still uses it.
if [ -n "$old_id" ] && [ "$old_id" != "$(docker image inspect --format '{{ .Id }}' "$tag")" ]; then
  docker image rm "$old_id" >/dev/null 2>&1 || true
fi
docker image inspect --format '{{ .Id }} {{ .Size }}' "$tag" |
  awk -v t="$tag" -v s="$SECONDS" '{ printf "build-image: built %s %s (%.0f MB) in %ss\n", t, $1, $2 / 1e6, s }' >&2
