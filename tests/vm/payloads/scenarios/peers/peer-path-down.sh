# A fresh iSCSI volume at 2 GiB; each turn: portal 2 taken away on the target (the session stays, its path leaves the
# running state), the LUN grown (os-brick to 3 GiB, the worker to 4 GiB), the system asked; then portal 2 back.
iscsi_volume peer-path 2G
path_down_turn() {
  step portal-2-down brick_iscsi_portal_down peer-path 2
  role path2 || fail "no path behind portal 2"
  setup_wait "portal 2's path leaves the running state" 20 "! grep -qx running /sys/block/$LOCATED/device/state"
  step grow brick_iscsi_grow peer-path "$2"
  iscsi_request peer-path "$2"
  peer "$1" request.json
  step portal-2-up brick_iscsi_portal_up peer-path 2
  setup_wait "portal 2's path running again" 30 "role path2 && grep -qx running /sys/block/\$LOCATED/device/state"
}
path_down_turn os-brick 3G
path_down_turn brick-worker 4G
