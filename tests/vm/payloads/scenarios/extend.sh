# The worker's requests (JSON built by jq, never by hand) and one run of `brick-worker extend`.
# BRICK_HOST (the compute host's name) comes from scenarios.json.
BRICK_WORKER=/payload/brick-worker/brick-worker
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_TieredPGO=0 DOTNET_CLI_TELEMETRY_OPTOUT=1

# bytes SIZE: sets _bytes from a truncate-style size (64M, 2G)
bytes() {
  case $1 in
    *G) _bytes=$(( ${1%G} << 30 )) ;;
    *M) _bytes=$(( ${1%M} << 20 )) ;;
    *) _bytes=$1 ;;
  esac
}

# request VOLUME TYPE SIZE DATA_JSON: ./request.json, an extend request for volume VOLUME to SIZE
request() {
  bytes "$3"
  jq -n -c --arg volume "vol-$1" --arg host "$BRICK_HOST" --argjson bytes "$_bytes" --arg type "$2" --argjson data "$4" \
    '{volumeId: $volume, host: $host, attachmentId: "att-1", newSizeBytes: $bytes,
      connection: {driverVolumeType: $type, data: $data}}' > request.json || fail "cannot build the request"
}

# iscsi_request VOLUME SIZE [MULTIPATH_ID]: VOLUME's target through both portals, LUN 0; the multipath id
# is the volume's own unless given
iscsi_request() {
  brick_iscsi_iqn "$1"; volume_fact "$1" multipath-id
  request "$1" iscsi "$2" "$(jq -n -c --arg iqn "$BRICK_ISCSI_IQN" --arg mpid "${3:-$_v}" \
    '{target_portals: ["127.0.0.1:3260", "127.0.0.2:3260"], target_iqns: [$iqn, $iqn], target_luns: [0, 0],
      multipath_id: $mpid, target_discovered: false}')"
}

# nvme_request VOLUME SIZE: VOLUME's subsystem and namespace UUID, both ports
nvme_request() {
  brick_nvme_nqn "$1"; volume_fact "$1" uuid
  request "$1" nvmeof "$2" "$(jq -n -c --arg nqn "$BRICK_NVME_NQN" --arg uuid "$_v" \
    '{target_nqn: $nqn, vol_uuid: $uuid, target_portal: "127.0.0.1:4420",
      portals: [["127.0.0.1", 4420, "tcp"], ["127.0.0.2", 4420, "tcp"]]}')"
}

# local_request VOLUME SIZE: the device that plays VOLUME's role loop
local_request() {
  role loop || fail "volume $1 has no loop device"
  request "$1" local "$2" "$(jq -n -c --arg path "/dev/$LOCATED" '{device_path: $path}')"
}

# extend REQUEST_FILE [worker options...]: snapshots ./before and ./after around one run of the worker,
# whose outcome goes to ./exit-code, ./ms, ./stdout, ./stderr and ./multipathd-calls (one line per
# multipathd call, through count-multipathd).  The worker asks multipathd through its program (count-multipathd), its
# socket off (Brick__MultipathdSocket=off), so that every call is counted; MP_SOCKET=default leaves the socket on (the
# worker's default: no process, nothing counted), as the peer suite and a real host run it.
extend() {
  _req=$1; shift
  : > multipathd-calls
  snapshot before
  echo "BRICK|cmd|$SCENARIO|brick-worker extend --request $_req --host $BRICK_HOST $*"
  brick_now; _t=$BRICK_NOW
  _sock=off; [ "${MP_SOCKET:-}" = default ] && _sock=
  Brick__MultipathdSocket=$_sock BRICK_MP_CALLS=$PWD/multipathd-calls "$BRICK_WORKER" extend --request "$_req" --host "$BRICK_HOST" \
    --multipathd /payload/count-multipathd --timeout 120 "$@" </dev/null >stdout 2>stderr
  echo $? > exit-code
  brick_now; echo $(( BRICK_NOW - _t )) > ms
  snapshot after
}
