#!/usr/bin/env bash
# Puts this machine back as a fresh one was, as far as .ci/run is concerned, to prove that .ci/run installs and starts
# everything the tests need (issue 17). As root; destructive: it stops every Docker container and libvirt domain.
#   strip-to-fresh.sh [SINCE]   SINCE: 'YYYY-MM-DD HH:MM:SS' (default: when the machine booted)
# 1. stops the daemons .ci/setup.d starts (dockerd and its containerd, libvirtd, virtlogd) and any test VM;
# 2. purges every Debian package that dpkg installed after SINCE (read from /var/log/dpkg.log), which on a machine
#    handed over fresh is exactly what the setup scripts (and anyone by hand) added;
# 3. empties apt's cache and lists, and removes what the setup builds: Docker's images and state, the test VM cache, libvirt's state and caches, the
#    NuGet package cache (a fresh machine restores every package) and the Compose v2 plugin.
set -uo pipefail
[ "$(id -u)" -eq 0 ] || { echo "strip-to-fresh: must run as root" >&2; exit 1; }
since=${1:-$(date -u -d "@$(awk '/^btime/ { print $2 }' /proc/stat)" '+%Y-%m-%d %H:%M:%S')}
say() { echo "strip-to-fresh: $*" >&2; }

say "stopping test VMs, libvirt, Docker"
if command -v virsh >/dev/null; then
  for d in $(timeout 20 virsh -c qemu:///system list --all --name 2>/dev/null); do
    timeout 30 virsh -c qemu:///system destroy "$d" >/dev/null 2>&1; timeout 30 virsh -c qemu:///system undefine "$d" >/dev/null 2>&1
  done
fi
pkill -x libvirtd; pkill -x virtlogd
pkill -f '^(/usr/bin/)?qemu-system-'
if command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1; then
  ids=$(docker ps -aq); [ -z "$ids" ] || docker rm -f -v $ids >/dev/null 2>&1
fi
pkill -x dockerd; sleep 3; pkill -x containerd; pkill -f containerd-shim
for _ in $(seq 1 20); do pgrep -x dockerd >/dev/null || break; sleep 1; done

# Packages installed after $since (the last 'install' of each that is still installed).
mapfile -t added < <(cat /var/log/dpkg.log 2>/dev/null | awk -v since="$since" '$1 " " $2 >= since && $3 == "install" { split($4, p, ":"); print p[1] }' | sort -u)
installed=()
for p in "${added[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' && installed+=("$p")
done
if [ ${#installed[@]} -gt 0 ]; then
  say "purging ${#installed[@]} packages installed since $since: ${installed[*]}"
  DEBIAN_FRONTEND=noninteractive SUDO_FORCE_REMOVE=yes apt-get purge -y -q "${installed[@]}" >/dev/null || { say "apt-get purge failed"; exit 1; }
fi

say "emptying apt's package cache and lists (a fresh machine may have neither: the setup must run apt-get update)"
apt-get clean
find /var/lib/apt/lists -maxdepth 1 -type f ! -name lock -delete

say "removing Docker state and images, the test VM cache, libvirt state, the NuGet cache, the Compose v2 plugin"
rm -rf /var/lib/docker /var/lib/containerd /run/docker /run/docker.sock /var/run/docker.pid /etc/docker /var/log/brick-dockerd.log
rm -rf /var/cache/brick-vm /var/lib/libvirt /var/cache/libvirt /run/libvirt /var/log/libvirt /etc/libvirt
rm -rf "${HOME:-/root}/.nuget/packages" /root/.nuget/packages /usr/libexec/docker/cli-plugins/docker-compose
say "done: $(pgrep -x dockerd >/dev/null && echo 'dockerd STILL RUNS' || echo 'no dockerd'), $(pgrep -x libvirtd >/dev/null && echo 'libvirtd STILL RUNS' || echo 'no libvirtd')"
