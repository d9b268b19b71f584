# The peer suite: os-brick's extend_volume (os-brick-extend, as Nova calls it) and `brick-worker extend` on the same
# volume, each after the array grew it.  A peer scenario (scenarios.json "peers", script peers/ID.sh) sets its volume up
# with the fixtures of volumes.sh, then gives each system a turn:
#   peer SYSTEM REQUEST...     SYSTEM os-brick or brick-worker; one call per request, all at once (two volumes grown
#                              at once); PEER_LUKS="DEVICE KEY_FILE" adds the LUKS layer (os-brick: its LUKS2
#                              encryptor's extend_volume; the worker: --crypt-key-dir of KEY_FILE)
# Each turn goes to ./SYSTEM/: before and after (snapshot of ./roles), ms (the whole turn's wall time), and per call
# ./SYSTEM/N/: request (its file), exit-code, stdout, stderr, trace.
# Both systems run under the same tracer: strace -f --seccomp-bpf -e trace=execve,openat (stops only on those two
# calls), filtered here (peer-trace.awk) to the programs started (execve that returned 0, with their argv), the opens
# of files under /sys for writing (a sysfs write: os-brick's `tee`, the worker's own writes, anything else), and the
# markers os-brick-extend opens around its extend call.  The host side counts them.
# peer_roles PREFIX VOLUME...: ./roles from the volumes' roles, each role named PREFIX.ROLE (two volumes in one turn).
# ./top-offset (sectors), written by a script whose volume has a top layer (LUKS): what lies below that layer's data.

PEER_STRACE="strace -f --seccomp-bpf -qq -s 512 -e trace=execve,openat -e signal=none"

peer_roles() {
  : > roles
  while [ $# -ge 2 ]; do
    while read -r _r _l; do echo "$1.$_r $_l" >> roles; done < "$BRICK_VOLUMES/$2/roles"
    shift 2
  done
}

# peer_device REQUEST: sets _dev to the path Nova's attach would have put in the connection properties as device_path
# (what os-brick's connect_volume returned): the volume's NVMe head, else its multipath map, else its loop device,
# else its first path; from the roles of the request's volume (VOLUME.ROLE when ./roles holds several volumes)
peer_device() {
  _pre=""
  if grep -q '^[^ ]*\.' roles; then _pre=$(jq -r '.volumeId | ltrimstr("vol-")' "$1").; fi
  _dev=""
  for _r in head map loop path1; do
    role "$_pre$_r" && { _dev=/dev/$LOCATED; return 0; }
  done
  return 0
}

# peer_call SYSTEM DIR REQUEST: one traced call (runs in the background of peer)
peer_call() {
  _pd=$2
  if [ "$1" = os-brick ]; then
    peer_device "$3"
    set -- /payload/os-brick-extend "$3" "$_pd/mark"
    [ -n "$_dev" ] && set -- "$@" --device-path "$_dev"
    [ -n "${PEER_LUKS:-}" ] && set -- "$@" --luks $PEER_LUKS
  else
    set -- "$BRICK_WORKER" extend --request "$3" --host "$BRICK_HOST" --timeout 120
    if [ -n "${PEER_LUKS:-}" ]; then
      _kd=$_pd/keys; mkdir -p "$_kd"; chmod 700 "$_kd"
      _kf=${PEER_LUKS#* }; _kn=${PEER_LUKS%% *}; _kn=${_kn##*/}
      cp "$_kf" "$_kd/$_kn.key"
      set -- "$@" --crypt-key-dir "$_kd"
    fi
  fi
  # shellcheck disable=SC2086 # the tracer's words
  $PEER_STRACE -o "$_pd/trace.raw" "$@" </dev/null >"$_pd/stdout" 2>"$_pd/stderr"
  echo $? > "$_pd/exit-code"
  awk -f /payload/peer-trace.awk "$_pd/trace.raw" > "$_pd/trace"
}

peer() {
  _sys=$1; shift
  mkdir -p "$_sys"
  snapshot "$_sys/before"
  echo "BRICK|cmd|$SCENARIO|$_sys: $*"
  brick_now; _t=$BRICK_NOW
  _n=0
  for _req in "$@"; do
    _n=$((_n + 1)); mkdir -p "$_sys/$_n"; cp "$_req" "$_sys/$_n/request"
    peer_call "$_sys" "$PWD/$_sys/$_n" "$PWD/$_sys/$_n/request" &
  done
  wait
  brick_now; echo $(( BRICK_NOW - _t )) > "$_sys/ms"
  snapshot "$_sys/after"
}

# peer_record ID STATUS: BRICK|peer|<JSON> from ./os-brick and ./brick-worker of the peer scenario's directory
peer_record() {
  (cd "/run/brick/peers/$1" && {
    for _sys in os-brick brick-worker; do
      [ -s "$_sys/ms" ] || continue
      for _c in "$_sys"/[0-9]*; do
        jq -n -c --arg system "$_sys" --rawfile request "$_c/request" --rawfile rc "$_c/exit-code" \
          --rawfile stdout "$_c/stdout" --rawfile stderr "$_c/stderr" --rawfile trace "$_c/trace" '
          def lines: split("\n") | map(select(length > 0));
          {system: $system, request: ($request | fromjson), exitCode: ($rc | rtrimstr("\n") | tonumber),
           stdout: ($stdout | rtrimstr("\n")), stderr: ($stderr | lines | .[-40:]), trace: ($trace | lines)}'
      done
    done
  } > calls.jsonl
  jq -n -r --arg id "$1" --arg boot "$BOOT" --arg status "$2" --rawfile problem problem \
    --rawfile calls calls.jsonl --rawfile offset top-offset \
    --rawfile ob_ms os-brick/ms --rawfile ob_before os-brick/before --rawfile ob_after os-brick/after \
    --rawfile bw_ms brick-worker/ms --rawfile bw_before brick-worker/before --rawfile bw_after brick-worker/after '
    def text: rtrimstr("\n");
    def lines: split("\n") | map(select(length > 0));
    def nothing: if . == "-" then null else . end;
    def devices: lines | map(split(" ") | {key: .[0],
      value: {device: (.[1] | nothing), sectors: (.[2] | nothing | if . == null then null else tonumber end), slaves: .[3:]}})
      | from_entries;
    ($calls | lines | map(fromjson)) as $all
    | def turn($sys; $ms; $before; $after):
        if ($ms | text) == "" then null else
          {system: $sys, milliseconds: ($ms | text | tonumber), before: ($before | devices), after: ($after | devices),
           calls: [$all[] | select(.system == $sys) | del(.system)]} end;
    {peer: $id, boot: $boot, status: $status, problem: ($problem | text | if . == "" then null else . end),
     topOffsetSectors: ($offset | text | if . == "" then null else tonumber end),
     turns: [turn("os-brick"; $ob_ms; $ob_before; $ob_after), turn("brick-worker"; $bw_ms; $bw_before; $bw_after)] | map(select(. != null))}
    | "BRICK|peer|\(tojson)"')
}

# run_peers: the peer scenarios of this boot, after its scenarios (run.sh)
run_peers() {
  jq -r --arg boot "$BOOT" --arg only "$ONLY" '(.peers // [])[] | select(.boot == $boot)
      | select($only == "" or (.id as $id | $only | split(",") | index($id) != null)) | "\(.id) \(.after // "-")"' \
    "$here/scenarios.json" > /run/brick/peer-plan
  while read -r id after; do
    dir=/run/brick/peers/$id
    mkdir -p "$dir/os-brick" "$dir/brick-worker"
    for f in problem top-offset os-brick/ms os-brick/before os-brick/after brick-worker/ms brick-worker/before brick-worker/after; do : > "$dir/$f"; done
    if [ "$after" != - ] && [ ! -e "/run/brick/peers/$after/completed" ]; then
      echo "runs after $after, whose script did not complete" > "$dir/problem"
      peer_record "$id" blocked
      continue
    fi
    brick_section "peer $id"
    AFTER_DIR=""; [ "$after" != - ] && AFTER_DIR=/run/brick/peers/$after
    (cd "$dir" || exit 4; SCENARIO=$id; . "$here/peers/$id.sh"; exit 0) </dev/null; rc=$?
    if [ $rc = 0 ]; then : > "$dir/completed"
    elif [ ! -s "$dir/problem" ]; then echo "peers/$id.sh exited $rc" > "$dir/problem"; fi
    if [ -s "$dir/os-brick/ms" ] || [ -s "$dir/brick-worker/ms" ]; then peer_record "$id" ran; else peer_record "$id" setup-failed; fi
  done < /run/brick/peer-plan
}
