#!/bin/sh
# Real-kernel scenarios for `brick-worker extend` (the real program, real /sys, /dev,
# multipathd, cryptsetup, losetup).  One payload, two boots:
#   default boot (native NVMe multipath): iSCSI two portals + dm-multipath (grow, replay,
#     wrong WWID, a portal down then back, a portal logged out then in again), LUKS2 on the
#     map (without / with the key), NVMe/TCP native multipath;
#   boot with nvme_core.multipath=N: NVMe/TCP per-controller namespaces (without and with
#     a dm-multipath map over them), a loop device (local).
# The guest reports raw outcomes; the host side (tests/Brick.RealKernel.Tests) judges them.
# Records (besides lib.sh's):
#   BRICK|fact|uname-r|<kernel>           BRICK|fact|boot|native|multipath-n
#   BRICK|sizes|<label>|before|after|<dev>=<512-byte sectors> ...
#   BRICK|xrun|<label>|<rc>|<ms>|<multipathd calls>|<worker stdout, one JSON line>
#   BRICK|xerr|<label>|<worker stderr line>   BRICK|mpcall|<label>|<multipathd arguments>
#   BRICK|setup|<label>|ok|fail|<ms>|<what>
#   BRICK|fact|<label>-slaves-before|after|<dm-0's slaves>   BRICK|fact|iscsi-login-path|<sd>
. /payload/guest/lib.sh

W=/payload/brick-worker/brick-worker
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_TieredPGO=0 DOTNET_CLI_TELEMETRY_OPTOUT=1
export BRICK_MP_CALLS=/run/multipathd-calls
KEYS=/run/brick-keys
mkdir -p "$KEYS"; chmod 700 "$KEYS"

size_of() { _v='<absent>'; { read -r _v < "/sys/block/$1/size"; } 2>/dev/null; echo "$_v"; }
# sizes LABEL WHEN DEV...
sizes() { _l=$1; _w=$2; shift 2; _s=""; for _d in "$@"; do _s="$_s $_d=$(size_of "$_d")"; done; echo "BRICK|sizes|$_l|$_w|${_s# }"; }
# slaves LABEL WHEN MAP : the map's slaves as a fact (no fork)
slaves() { _s=""; for _f in /sys/block/$3/slaves/*; do [ -e "$_f" ] && _s="$_s ${_f##*/}"; done; brick_fact "$1-slaves-$2" "${_s# }"; }
# setup LABEL TIMEOUT_S 'condition' : bounded wait, reported
setup_wait() {
  _r=$(brick_wait_for "$2" "$3"); _rc=$?
  if [ $_rc = 0 ]; then echo "BRICK|setup|$1|ok|$_r|$3"; else echo "BRICK|setup|$1|fail|$(( $2 * 1000 ))|$3"; fi
  return $_rc
}
# req FILE TYPE 'data json' BYTES
req() { printf '{"volumeId":"vol-%s","host":"brick-vm","attachmentId":"att-1","newSizeBytes":%s,"connection":{"driverVolumeType":"%s","data":%s}}\n' "$5" "$4" "$2" "$3" > "$1"; }
# extend LABEL REQUEST_FILE [extra worker options...] : runs the worker once, records the outcome
extend() {
  _l=$1; _req=$2; shift 2
  : > "$BRICK_MP_CALLS"
  echo "BRICK|cmd|$_l|brick-worker extend --request $_req --host brick-vm --multipathd /payload/count-multipathd $*"
  brick_now; _t=$BRICK_NOW
  "$W" extend --request "$_req" --host brick-vm --multipathd /payload/count-multipathd --timeout 120 "$@" \
    </dev/null >/run/w.out 2>/run/w.err; _rc=$?
  brick_now; _t=$(( BRICK_NOW - _t ))
  _o=""; while IFS= read -r _line || [ -n "$_line" ]; do _o="$_o$_line"; done < /run/w.out
  _n=0; while IFS= read -r _line; do _n=$(( _n + 1 )); echo "BRICK|mpcall|$_l|$_line"; done < "$BRICK_MP_CALLS"
  brick_prefix "BRICK|xerr|$_l|" /run/w.err
  echo "BRICK|xrun|$_l|$_rc|$_t|$_n|$_o"
}

brick_fact uname-r "$(uname -r)"
brick_run nvme-multipath-param sh -c 'modprobe nvme_core; cat /sys/module/nvme_core/parameters/multipath'
case " $(cat /proc/cmdline) " in
  *" nvme_core.multipath=N "*) BOOT=multipath-n ;;
  *) BOOT=native ;;
esac
brick_fact boot "$BOOT"

# ---------------------------------------------------------------------------------------
nvme_setup() {
  . /payload/guest/nvme.sh
  brick_section nvme-setup
  NVME_UUID=7c1a2b3c-4d5e-4f60-8172-839405a6b7c8
  brick_nvme_target
  brick_nvme_ns 1 /var/tmp/nvme.img 1G "" "$NVME_UUID"
  brick_nvme_ports
  brick_nvme_host
  brick_run nvme-connect-1 nvme connect -t tcp -a 127.0.0.1 -s 4420 -n "$BRICK_NVME_NQN"
  brick_run nvme-connect-2 nvme connect -t tcp -a 127.0.0.2 -s 4420 -n "$BRICK_NVME_NQN"
  cat > /tmp/nvme-data.json <<JSON
{"target_nqn":"$BRICK_NVME_NQN","vol_uuid":"$NVME_UUID","target_portal":"127.0.0.1:4420","portals":[["127.0.0.1",4420,"tcp"],["127.0.0.2",4420,"tcp"]]}
JSON
}
# grow the namespace the way an array that sends no AEN would: the host sees nothing until
# the worker rescans a controller
nvme_grow_quiet() { truncate -s "$1" /var/tmp/nvme.img; losetup -c "$BRICK_NVME_LOOP_1"; }

if [ "$BOOT" = native ]; then
  # ----- iSCSI, two portals, dm-multipath ---------------------------------------------
  . /payload/guest/iscsi.sh
  brick_section iscsi-setup
  brick_iscsi_target /var/tmp/iscsi.img 1G
  brick_iscsi_initiator
  brick_run iscsi-discovery iscsiadm -m discovery -t sendtargets -p 127.0.0.1:3260 >/dev/null
  brick_run iscsi-login-1 iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p 127.0.0.1:3260 --login
  brick_run iscsi-login-2 iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p 127.0.0.2:3260 --login
  L1=/dev/disk/by-path/ip-127.0.0.1:3260-iscsi-$BRICK_ISCSI_IQN-lun-0
  L2=/dev/disk/by-path/ip-127.0.0.2:3260-iscsi-$BRICK_ISCSI_IQN-lun-0
  setup_wait iscsi-by-path 30 "[ -e $L1 ] && [ -e $L2 ]"
  brick_multipathd_start
  setup_wait iscsi-map 30 '[ "$(ls /sys/block/dm-0/slaves 2>/dev/null | wc -l)" = 2 ]'
  udevadm settle --timeout=20
  P1=$(brick_iscsi_sd 127.0.0.1); P2=$(brick_iscsi_sd 127.0.0.2)
  WWID=$(cat "/sys/block/$P1/device/wwid"); MPID="3${WWID#naa.}"
  brick_fact iscsi-paths "$P1 $P2"; brick_fact iscsi-multipath-id "$MPID"
  ISCSI_DATA="{\"target_portals\":[\"127.0.0.1:3260\",\"127.0.0.2:3260\"],\"target_iqns\":[\"$BRICK_ISCSI_IQN\",\"$BRICK_ISCSI_IQN\"],\"target_luns\":[0,0],\"multipath_id\":\"$MPID\",\"target_discovered\":false}"
  WRONG_DATA="{\"target_portals\":[\"127.0.0.1:3260\",\"127.0.0.2:3260\"],\"target_iqns\":[\"$BRICK_ISCSI_IQN\",\"$BRICK_ISCSI_IQN\"],\"target_luns\":[0,0],\"multipath_id\":\"36001405ffffffffffffffffffffffff0\"}"

  # 1. grown LUN -> success, both paths and the map at 2 GiB, one multipathd call
  brick_section iscsi-grow
  brick_iscsi_grow 2G
  req /tmp/iscsi-2g.json iscsi "$ISCSI_DATA" 2147483648 iscsi
  sizes iscsi-grow before "$P1" "$P2" dm-0
  extend iscsi-grow /tmp/iscsi-2g.json
  sizes iscsi-grow after "$P1" "$P2" dm-0

  # 2. the same request again -> success, no multipathd call
  brick_section iscsi-replay
  sizes iscsi-replay before "$P1" "$P2" dm-0
  extend iscsi-replay /tmp/iscsi-2g.json
  sizes iscsi-replay after "$P1" "$P2" dm-0

  # 3. LUN grown to 3 GiB, request with another volume's WWID -> WwidMismatch, no rescan
  brick_section iscsi-wrong-wwid
  brick_iscsi_grow 3G
  req /tmp/iscsi-wrong.json iscsi "$WRONG_DATA" 3221225472 iscsi
  sizes iscsi-wrong-wwid before "$P1" "$P2" dm-0
  extend iscsi-wrong-wwid /tmp/iscsi-wrong.json
  sizes iscsi-wrong-wwid after "$P1" "$P2" dm-0

  # 4. portal 2 taken away on the target (the session stays, its path goes
  #    blocked/transport-offline with the old size), then the LUN grows -> DeviceNotFound,
  #    nothing resized.  (A path *logged out* instead comes back at the new size, and
  #    multipathd keeps it out of the smaller map: scenarios 6 and 7.)
  brick_section iscsi-path-down
  req /tmp/iscsi-3g.json iscsi "$ISCSI_DATA" 3221225472 iscsi
  brick_iscsi_portal_down 2
  setup_wait iscsi-portal-down 20 "! grep -qx running /sys/block/$P2/device/state"
  brick_file "/sys/block/$P2/device/state"
  brick_iscsi_grow 3G
  sizes iscsi-path-down before "$P1" "$P2" dm-0
  extend iscsi-path-down /tmp/iscsi-3g.json
  sizes iscsi-path-down after "$P1" "$P2" dm-0

  # 5. the portal back, the path running again (still at the old size) -> a retry succeeds
  brick_section iscsi-path-back
  brick_iscsi_portal_up 2
  setup_wait iscsi-portal-up 30 "grep -qx running /sys/block/$P2/device/state"
  sizes iscsi-path-back before "$P1" "$P2" dm-0
  extend iscsi-path-back /tmp/iscsi-3g.json
  sizes iscsi-path-back after "$P1" "$P2" dm-0

  # 6. portal 2 logged out (sdb vanishes at once, the map keeps sda), then the LUN grows to
  #    4 GiB -> DeviceNotFound (the listed portal has no path), nothing resized
  brick_section iscsi-logout
  req /tmp/iscsi-4g.json iscsi "$ISCSI_DATA" 4294967296 iscsi
  brick_run iscsi-logout-2 iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p 127.0.0.2:3260 --logout
  setup_wait iscsi-logged-out 20 "[ ! -e $L2 ] && [ ! -e /sys/block/$P2 ]"
  brick_iscsi_grow 4G
  sizes iscsi-logout before "$P1" "$P2" dm-0
  extend iscsi-logout /tmp/iscsi-4g.json
  sizes iscsi-logout after "$P1" "$P2" dm-0

  # 7. logged in again: a new session reads the new size (4 GiB), so multipathd 0.9.4 keeps
  #    the path out of the 3 GiB map (size mismatch) -> a retry rescans, resizes the map, then
  #    puts the path back (multipathd add path)
  brick_section iscsi-login-retry
  brick_run iscsi-login-2-again iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p 127.0.0.2:3260 --login
  setup_wait iscsi-relogin-by-path 30 "[ -e $L2 ]"
  udevadm settle --timeout=20
  P2=$(brick_iscsi_sd 127.0.0.2); brick_fact iscsi-login-path "$P2"
  # a path that fits is in the map at once after a login; give multipathd 3 s to take this one
  brick_wait_for 3 "[ -e /sys/block/dm-0/slaves/$P2 ]" >/dev/null
  slaves iscsi-login-retry before dm-0
  brick_run mp-paths-before multipathd show paths raw format "%d %S %t %T %o"
  sizes iscsi-login-retry before "$P1" "$P2" dm-0
  extend iscsi-login-retry /tmp/iscsi-4g.json
  sizes iscsi-login-retry after "$P1" "$P2" dm-0
  slaves iscsi-login-retry after dm-0
  brick_run mp-paths-after multipathd show paths raw format "%d %S %t %T %o"

  # 8. LUKS2 on the map (key in the kernel keyring, the default): without the key ->
  #    Unsupported with the paths and the map grown; with --crypt-key-dir -> success
  brick_section luks-setup
  brick_run luks-format sh -c ". /payload/guest/luks.sh; brick_luks_format /dev/mapper/mpatha $KEYS/brickcrypt.key"
  brick_run luks-open sh -c ". /payload/guest/luks.sh; brick_luks_open /dev/mapper/mpatha brickcrypt $KEYS/brickcrypt.key"
  setup_wait luks-holder 20 '[ -e /sys/block/dm-0/holders/dm-1 ]'
  brick_section luks-no-key
  brick_iscsi_grow 5G
  req /tmp/iscsi-5g.json iscsi "$ISCSI_DATA" 5368709120 iscsi
  sizes luks-no-key before "$P1" "$P2" dm-0 dm-1
  extend luks-no-key /tmp/iscsi-5g.json
  sizes luks-no-key after "$P1" "$P2" dm-0 dm-1
  brick_section luks-with-key
  sizes luks-with-key before "$P1" "$P2" dm-0 dm-1
  extend luks-with-key /tmp/iscsi-5g.json --crypt-key-dir "$KEYS"
  sizes luks-with-key after "$P1" "$P2" dm-0 dm-1

  # 9. NVMe/TCP, native multipath (two controllers, one head)
  nvme_setup
  setup_wait nvme-native-paths 30 '[ -e /sys/block/nvme0n1 ] && [ -e /sys/block/nvme0c0n1 ] && [ -e /sys/block/nvme0c1n1 ]'
  brick_section nvme-native
  nvme_grow_quiet 2G
  req /tmp/nvme-2g.json nvmeof "$(cat /tmp/nvme-data.json)" 2147483648 nvme
  sizes nvme-native before nvme0n1 nvme0c0n1 nvme0c1n1
  extend nvme-native /tmp/nvme-2g.json
  sizes nvme-native after nvme0n1 nvme0c0n1 nvme0c1n1
else
  # ----- nvme_core.multipath=N: per-controller namespaces ----------------------------
  nvme_setup
  setup_wait nvme-n-namespaces 30 '[ -e /sys/block/nvme0n1 ] && [ -e /sys/block/nvme1n1 ]'
  brick_section nvme-n-no-map
  nvme_grow_quiet 2G
  req /tmp/nvme-2g.json nvmeof "$(cat /tmp/nvme-data.json)" 2147483648 nvme
  sizes nvme-n-no-map before nvme0n1 nvme1n1
  extend nvme-n-no-map /tmp/nvme-2g.json
  sizes nvme-n-no-map after nvme0n1 nvme1n1

  # the same namespaces under a dm-multipath map (multipathd, find_multipaths no)
  brick_section nvme-n-map-setup
  . /payload/guest/iscsi.sh
  brick_multipathd_start
  setup_wait nvme-n-map 30 '[ "$(ls /sys/block/dm-0/slaves 2>/dev/null | wc -l)" = 2 ]'
  udevadm settle --timeout=20
  brick_file /sys/block/dm-0/dm/uuid
  brick_section nvme-n-map
  nvme_grow_quiet 3G
  req /tmp/nvme-3g.json nvmeof "$(cat /tmp/nvme-data.json)" 3221225472 nvme
  sizes nvme-n-map before nvme0n1 nvme1n1 dm-0
  extend nvme-n-map /tmp/nvme-3g.json
  sizes nvme-n-map after nvme0n1 nvme1n1 dm-0

  # ----- a loop device (local) --------------------------------------------------------
  brick_section local-loop
  truncate -s 64M /var/tmp/local.img
  LOOP=$(losetup --find --show /var/tmp/local.img)
  truncate -s 128M /var/tmp/local.img
  req /tmp/local.json local "{\"device_path\":\"$LOOP\"}" 134217728 loop
  sizes local-loop before "${LOOP#/dev/}"
  extend local-loop /tmp/local.json
  sizes local-loop after "${LOOP#/dev/}"
fi

brick_section end
brick_run dmesg-tail sh -c 'dmesg | tail -n 25'
exit 0
