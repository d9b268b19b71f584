#!/usr/bin/env bash
# Sourced. An apt state of its own for one Debian suite read from this machine's mirror (deploy/lib/debian-mirror.sh),
# so that a suite other than the machine's (Debian 13's packages on Debian 12) is read without touching the machine's
# apt sources, lists, package cache or dpkg database (which is only read: candidate versions). Used by
# deploy/ci/install-compose-v2.sh and tests/vm/build-vm.sh.
#   apt_suite_state DIR SUITE    writes DIR/sources.list, makes DIR's lists and cache, and sets APT_SUITE to the
#                                apt-get/apt-cache options that point every path apt would write into DIR.
# DIR is usually mktemp's (mode 0700): apt fetches as root rather than as its sandbox user _apt, which could not write
# there.
apt_suite_state() {
  local dir=$1 suite=$2 mirror
  mirror=$(bash "$(dirname "${BASH_SOURCE[0]}")/debian-mirror.sh") || return 1
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
  echo "deb $mirror $suite main" > "$dir/sources.list"
  APT_SUITE=(
    -o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=/dev/null
    -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o "Dir::Cache::Archives=$dir/cache/archives"
    -o APT::Sandbox::User=root
  )
}
