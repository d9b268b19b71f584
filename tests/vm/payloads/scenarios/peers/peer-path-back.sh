# peer-path-down's volume; each turn: portal 2 taken away, the LUN grown (os-brick to 5 GiB, the worker to 6 GiB),
# portal 2 back (its path running again at the size it had: another size than the array's), the system asked.
use_volume peer-path
path_back_turn() {
  step portal-2-down brick_iscsi_portal_down peer-path 2
  role path2 || fail "no path behind portal 2"
  setup_wait "portal 2's path leaves the running state" 20 "! grep -qx running /sys/block/$LOCATED/device/state"
  step grow brick_iscsi_grow peer-path "$2"
  step portal-2-up brick_iscsi_portal_up peer-path 2
  setup_wait "portal 2's path running again" 30 "role path2 && grep -qx running /sys/block/\$LOCATED/device/state"
  iscsi_request peer-path "$2"
  peer "$1" request.json
}
path_back_turn os-brick 5G
path_back_turn brick-worker 6G
