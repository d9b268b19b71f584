# Portal 2 of iscsi-path-down's volume back, its path running again (still at the old size); the
# same request again.
use_volume iscsi-path-down
step portal-2-up brick_iscsi_portal_up iscsi-path-down 2
role path2 || fail "no path behind portal 2"
setup_wait "portal 2's path running again" 30 "grep -qx running /sys/block/$LOCATED/device/state"
extend "$AFTER_DIR/request.json"
