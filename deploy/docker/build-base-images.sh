#!/usr/bin/env bash
# Builds stand-ins for Microsoft's .NET base images on a machine that reaches no container registry, so that
# deploy/docker/Dockerfile builds unchanged with them as its base-image build arguments:
#   RUNTIME_DEPS tag (default brick/dotnet-runtime-deps:local)  Debian bookworm minbase with what a self-contained
#       .NET program needs (ca-certificates, libicu, libssl3, libstdc++6, tzdata, zlib1g), from debootstrap + docker
#       import; its apt sources name this machine's Debian mirror (deploy/lib/debian-mirror.sh), so `apt-get install`
#       in a Dockerfile stage based on it works here.
#   SDK tag (default brick/dotnet-sdk:local)  the above plus this machine's own .NET SDK (the folder `dotnet` runs
#       from) and this machine's CA bundle, so `dotnet restore` inside a build container trusts what the machine's
#       own NuGet client trusts.
# Usage: build-base-images.sh [RUNTIME_DEPS_TAG [SDK_TAG]]
# Each image is rebuilt only when its inputs changed (label org.brick.inputs-sha; BRICK_REBUILD=1 forces it).
# Needs root and a running Docker daemon (deploy/ci/start-docker.sh). Prints the two tags, one per line, on stdout.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
deps_tag="${1:-brick/dotnet-runtime-deps:local}"
sdk_tag="${2:-brick/dotnet-sdk:local}"
suite=bookworm
packages=ca-certificates,libicu72,libssl3,libstdc++6,libgcc-s1,tzdata,zlib1g
label=org.brick.inputs-sha
ca_bundle=/etc/ssl/certs/ca-certificates.crt

say() { echo "build-base-images: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap)"
docker info >/dev/null 2>&1 || die "Docker daemon not answering; run deploy/ci/start-docker.sh first"
command -v dotnet >/dev/null 2>&1 || die "no dotnet on PATH: the SDK image carries this machine's SDK"
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
[ -d "$dotnet_root/sdk" ] || die "no SDK under $dotnet_root"
[ -s "$ca_bundle" ] || die "no CA bundle at $ca_bundle"

label_of() { docker image inspect --format "{{ index .Config.Labels \"$label\" }}" "$1" 2>/dev/null || true; }
up_to_date() { [ "${BRICK_REBUILD:-0}" != 1 ] && [ "$(label_of "$1")" = "$2" ]; }
# The previous image of a tag, now untagged, is dropped unless a container still uses it.
drop_if_replaced() {
  if [ -n "$2" ] && [ "$2" != "$(docker image inspect --format '{{ .Id }}' "$1")" ]; then
    docker image rm "$2" >/dev/null 2>&1 || true
  fi
}

deps_sha=$(sha256sum "$here/build-base-images.sh" | cut -c1-16)

if up_to_date "$deps_tag" "$deps_sha"; then
  say "$deps_tag is up to date ($label=$deps_sha)"
else
  say "building $deps_tag ($label=$deps_sha)"
  if ! command -v debootstrap >/dev/null 2>&1; then
    say "installing debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends debootstrap
  fi
  mirror=$("$here/../lib/debian-mirror.sh")
  work=$(mktemp -d /var/tmp/brick-runtime-deps.XXXXXX)
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
  cache="${BRICK_DEBOOTSTRAP_CACHE:-/var/cache/brick-debootstrap}"
  mkdir -p "$cache"
  debootstrap_failed() {
    tail -n 40 "$work/debootstrap.log" >&2
    if [ -f "$rootfs/debootstrap/debootstrap.log" ]; then tail -n 40 "$rootfs/debootstrap/debootstrap.log" >&2; fi
    die "debootstrap failed (log above)"
  }
  say "debootstrap stage 1: $suite minbase + $packages from $mirror ..."
  debootstrap --foreign --variant=minbase --include="$packages" --cache-dir="$cache" \
    "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || debootstrap_failed
  mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
  echo force-unsafe-io >"$rootfs/etc/dpkg/dpkg.cfg.d/brick-unsafe-io"
  say "debootstrap stage 2 (at ${SECONDS}s) ..."
  chroot "$rootfs" /debootstrap/debootstrap --second-stage >>"$work/debootstrap.log" 2>&1 || debootstrap_failed
  rm -f "$rootfs/etc/dpkg/dpkg.cfg.d/brick-unsafe-io"
  # As in Debian's own images: apt keeps no .debs, and the image carries no docs, man pages or package lists.
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
EOF
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
    "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/debootstrap
  : >"$rootfs/etc/hostname"
  : >"$rootfs/etc/resolv.conf"
  say "importing $deps_tag (at ${SECONDS}s) ..."
  old_id=$(docker image inspect --format '{{ .Id }}' "$deps_tag" 2>/dev/null || true)
  tar --numeric-owner --one-file-system -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
    --change 'CMD ["/bin/bash"]' \
    --change "LABEL $label=$deps_sha" \
    --message "brick stand-in for dotnet/runtime-deps ($suite, debootstrap)" \
    - "$deps_tag" >/dev/null
  drop_if_replaced "$deps_tag" "$old_id"
  cleanup
  trap - EXIT
fi

# The SDK image follows its base image, the SDK and runtime versions, and the CA bundle.
sdk_sha=$( (docker image inspect --format '{{ .Id }}' "$deps_tag"; ls "$dotnet_root/sdk" "$dotnet_root/shared/Microsoft.NETCore.App";
  sha256sum <"$ca_bundle"; echo "${NUGET_CERT_REVOCATION_MODE:-}") | sha256sum | cut -c1-16)
if up_to_date "$sdk_tag" "$sdk_sha"; then
  say "$sdk_tag is up to date ($label=$sdk_sha)"
else
  say "building $sdk_tag ($label=$sdk_sha) from $deps_tag + the SDK in $dotnet_root (at ${SECONDS}s) ..."
  ctx=$(mktemp -d /var/tmp/brick-sdk.XXXXXX)
  trap 'rm -rf "$ctx"' EXIT
  cp "$ca_bundle" "$ctx/ca-certificates.crt"
  cat >"$ctx/Dockerfile" <<EOF
FROM $deps_tag
COPY dotnet /usr/share/dotnet
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    NUGET_XMLDOC_MODE=skip NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-online}
LABEL $label=$sdk_sha
EOF
  old_id=$(docker image inspect --format '{{ .Id }}' "$sdk_tag" 2>/dev/null || true)
  # The context is a tar stream: the Dockerfile and CA bundle from $ctx, the SDK straight from its folder.
  tar -c -C "$ctx" Dockerfile ca-certificates.crt -C "$(dirname "$dotnet_root")" --transform "s,^$(basename "$dotnet_root"),dotnet," \
    "$(basename "$dotnet_root")" | DOCKER_BUILDKIT=0 docker build -q -t "$sdk_tag" - >/dev/null
  drop_if_replaced "$sdk_tag" "$old_id"
fi

for tag in "$deps_tag" "$sdk_tag"; do
  docker image inspect --format '{{ .Id }} {{ .Size }}' "$tag" |
    awk -v t="$tag" -v s="$SECONDS" '{ printf "build-base-images: %s %s (%.0f MB), %ss\n", t, substr($1, 1, 19), $2 / 1e6, s }' >&2
done
echo "$deps_tag"
echo "$sdk_tag"
