#!/bin/sh
# Real-kernel scenarios for `brick-worker extend` (the real program, real /sys, /dev, multipathd,
# cryptsetup, losetup).  scenarios.json lists them (the one list: the host side reads it too); this
# boot runs those whose "boot" is the name given on the kernel command line as brick.boot=NAME (and, when
# brick.only=ID,ID is given, only those ids: a guest's CI size), in the list's order, each script scenarios/ID.sh in a subshell of its own, in /run/brick/scenarios/ID:
#   roles                    the devices it looks at (devices.sh)
#   request.json             the worker's request
#   before, after            snapshots of those devices around the worker run
#   exit-code ms stdout stderr multipathd-calls    the worker run (extend.sh)
#   problem                  why it stopped (a setup step that failed or timed out)
# A scenario with "after": OTHER continues OTHER's volume (its dependency, stated in the list) and
# runs only if OTHER's script completed; its script finds OTHER's directory in $AFTER_DIR.  Every
# scenario sees its own id in $SCENARIO.
# Records, besides lib.sh's console records:
#   BRICK|fact|uname-r|<kernel>   BRICK|fact|boot|<boot name>
#   BRICK|scenario|<one JSON object: the scenario's outcome, built by jq>
# Then the peer scenarios of this boot ("peers" in scenarios.json, peers/ID.sh, peers.sh): BRICK|peer|<JSON>.
# The guest only reports; the host side (tests/Brick.RealKernel.Tests) judges.
here=/payload
. /payload/guest/lib.sh
. /payload/guest/iscsi.sh
. /payload/guest/multipath.sh
. /payload/guest/nvme.sh
. /payload/guest/luks.sh
. "$here/devices.sh"
. "$here/volumes.sh"
. "$here/extend.sh"
. "$here/peers.sh"

BOOT=""; ONLY=""; GUEST=""
read -r _cmdline < /proc/cmdline
for _w in $_cmdline; do
  case $_w in
    brick.boot=*) BOOT=${_w#brick.boot=} ;;
    brick.only=*) ONLY=${_w#brick.only=} ;;
    brick.guest=*) GUEST=${_w#brick.guest=} ;;
  esac
done
brick_fact uname-r "$(uname -r)"
brick_fact boot "$BOOT"
brick_fact guest "$GUEST"
brick_fact debian-version "$(cat /etc/debian_version 2>/dev/null)"
[ -n "$BOOT" ] || { echo "run.sh: no brick.boot=NAME on the kernel command line" >&2; exit 2; }
BRICK_HOST=$(jq -r .host "$here/scenarios.json")
mkdir -p /run/brick/scenarios
jq -r --arg boot "$BOOT" --arg only "$ONLY" '.scenarios[] | select(.boot == $boot)
    | select($only == "" or (.id as $id | $only | split(",") | index($id) != null)) | "\(.id) \(.after // "-")"' \
  "$here/scenarios.json" > /run/brick/plan
# A guest's CI size may give a boot peer scenarios only; without brick.only every boot has scenarios.
[ -s /run/brick/plan ] || [ -n "$ONLY" ] || { echo "run.sh: scenarios.json lists no scenario for boot '$BOOT'" >&2; exit 2; }

# record ID STATUS: BRICK|scenario|<JSON> from the files in the scenario's directory
record() {
  (cd "/run/brick/scenarios/$1" && jq -n -r --arg id "$1" --arg boot "$BOOT" --arg status "$2" \
    --rawfile problem problem --rawfile before before --rawfile after after \
    --rawfile rc exit-code --rawfile ms ms --rawfile stdout stdout --rawfile stderr stderr \
    --rawfile calls multipathd-calls '
    def text: rtrimstr("\n");
    def lines: split("\n") | map(select(length > 0));
    def nothing: if . == "-" then null else . end;
    def devices: lines | map(split(" ") | {key: .[0],
      value: {device: (.[1] | nothing), sectors: (.[2] | nothing | if . == null then null else tonumber end), slaves: .[3:]}})
      | from_entries;
    {scenario: $id, boot: $boot, status: $status, problem: ($problem | text | if . == "" then null else . end),
     before: ($before | devices), after: ($after | devices),
     worker: (if ($rc | text) == "" then null else
       {exitCode: ($rc | text | tonumber), milliseconds: ($ms | text | tonumber), stdout: ($stdout | text),
        stderr: ($stderr | lines), multipathd: ($calls | lines)} end)}
    | "BRICK|scenario|\(tojson)"')
}

while read -r id after; do
  dir=/run/brick/scenarios/$id
  mkdir -p "$dir"
  for f in problem before after exit-code ms stdout stderr multipathd-calls; do : > "$dir/$f"; done
  if [ "$after" != - ] && [ ! -e "/run/brick/scenarios/$after/completed" ]; then
    echo "runs after $after, whose script did not complete" > "$dir/problem"
    record "$id" blocked
    continue
  fi
  brick_section "$id"
  AFTER_DIR=""; [ "$after" != - ] && AFTER_DIR=/run/brick/scenarios/$after
  # a script stops early only through fail (volumes.sh), which exits non-zero and leaves ./problem
  (cd "$dir" || exit 4; SCENARIO=$id; . "$here/scenarios/$id.sh"; exit 0) </dev/null; rc=$?
  if [ $rc = 0 ]; then : > "$dir/completed"
  elif [ ! -s "$dir/problem" ]; then echo "scenarios/$id.sh exited $rc" > "$dir/problem"; fi
  if [ -s "$dir/exit-code" ]; then record "$id" ran; else record "$id" setup-failed; fi
done < /run/brick/plan

# the peer suite: os-brick beside the worker on volumes of their own (peers.sh), after the scenarios of the boot
run_peers

brick_section end
brick_run dmesg-tail sh -c 'dmesg | tail -n 25'
exit 0
