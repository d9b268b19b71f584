#!/usr/bin/env bash
# Builds brick-worker_<version>_<arch>.deb with dpkg-deb:
#   /usr/lib/brick-worker/brick-worker        the self-contained program (one file, its own .NET runtime)
#   /usr/lib/brick-worker/appsettings.json    the defaults
#   /usr/bin/brick-worker                     a link to it
#   /usr/lib/systemd/system/brick-worker.service
#   /etc/brick-worker/appsettings.json        this host's settings, a conffile (kept on upgrade and on remove)
#   /usr/share/doc/brick-worker/README.md     deploy/README.md
# Usage: deploy/debian/build-deb.sh [OUTDIR]    (default artifacts/deb; prints the .deb's path on stdout)
# Version: deploy/lib/version.sh ($BRICK_VERSION, else the project's); a SemVer pre-release 1.2.0-rc.1 becomes
# 1.2.0~rc.1 so that Debian sorts it before 1.2.0. $BRICK_PUBLISH_DIR packages an existing self-contained publish
# output instead of publishing. Needs the .NET SDK and dpkg-deb; no root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=$(mkdir -p "${1:-$repo/artifacts/deb}" && cd "${1:-$repo/artifacts/deb}" && pwd)

say() { echo "build-deb: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb not found"
version=$("$repo/deploy/lib/version.sh")
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || die "version '$version' is not MAJOR.MINOR.PATCH[-PRERELEASE]"
deb_version=${version/-/\~}
arch=$(dpkg --print-architecture)
case "$arch" in
  amd64) rid=linux-x64 ;;
  arm64) rid=linux-arm64 ;;
  *) die "no .NET runtime identifier for $arch" ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/brick-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT

publish=${BRICK_PUBLISH_DIR:-}
if [ -z "$publish" ]; then
  publish="$work/publish"
  say "publishing brick-worker $version ($rid, self-contained, one file) ..."
  # Its own artifacts folder: the build never shares obj/ with a build of the same projects running beside it.
  dotnet publish "$repo/src/Brick.Worker/Brick.Worker.csproj" -c Release -r "$rid" --self-contained \
    -p:PublishSingleFile=true -p:DebugType=none -p:PublishDocumentationFile=false \
    -p:PublishReferencesDocumentationFiles=false -p:Version="$version" \
    -p:IncludeSourceRevisionInInformationalVersion=false \
    --artifacts-path "$work/build" -o "$publish" >&2
fi
[ -x "$publish/brick-worker" ] || die "$publish/brick-worker missing"

root="$work/root"
install -d "$root/DEBIAN" "$root/usr/lib/brick-worker" "$root/usr/bin" "$root/usr/lib/systemd/system" \
  "$root/etc/brick-worker" "$root/usr/share/doc/brick-worker"
install -m 0755 "$publish/brick-worker" "$root/usr/lib/brick-worker/brick-worker"
install -m 0644 "$publish/appsettings.json" "$root/usr/lib/brick-worker/appsettings.json"
ln -s ../lib/brick-worker/brick-worker "$root/usr/bin/brick-worker"
install -m 0644 "$repo/deploy/systemd/brick-worker.service" "$root/usr/lib/systemd/system/brick-worker.service"
install -m 0644 "$here/appsettings.json" "$root/etc/brick-worker/appsettings.json"
install -m 0644 "$repo/deploy/README.md" "$root/usr/share/doc/brick-worker/README.md"
install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" "$root/DEBIAN/"
echo /etc/brick-worker/appsettings.json >"$root/DEBIAN/conffiles"

# The host tools it runs (multipathd, cryptsetup, losetup) and what a self-contained .NET program loads
# (glibc, libgcc/libstdc++, OpenSSL for amqps://, the CA certificates); no ICU: the build is invariant-globalization.
cat >"$root/DEBIAN/control" <<EOF
Package: brick-worker
Version: $deb_version
Architecture: $arch
Maintainer: Brick.Worker maintainers <brick-worker@localhost>
Section: admin
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: multipath-tools, cryptsetup-bin, mount, libc6, libgcc-s1, libstdc++6, libssl3 | libssl3t64, ca-certificates
Description: host-side volume-resize agent
 brick-worker runs once per compute host. For each VolumeExtended message of its
 host (RabbitMQ) it rescans every path of the volume (iSCSI, Fibre Channel,
 NVMe-oF, loop), resizes the dm-multipath map and a LUKS mapping above it,
 verifies every layer and reports the outcome.
EOF

deb="$out/brick-worker_${deb_version}_${arch}.deb"
dpkg-deb --build --root-owner-group -Zgzip "$root" "$deb" >&2
say "built $deb ($(du -h "$deb" | cut -f1))"
echo "$deb"
