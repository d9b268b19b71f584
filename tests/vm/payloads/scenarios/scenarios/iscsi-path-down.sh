# A fresh iSCSI volume at 2 GiB; portal 2 is taken away on the target (the session stays, its path
# goes blocked/transport-offline with the old size); then the LUN grows to 3 GiB.  (A path logged
# out instead comes back at the new size: iscsi-logout, iscsi-login-retry.)
iscsi_volume iscsi-path-down 2G
step portal-2-down brick_iscsi_portal_down iscsi-path-down 2
role path2 || fail "no path behind portal 2"
setup_wait "portal 2's path leaves the running state" 20 "! grep -qx running /sys/block/$LOCATED/device/state"
brick_file "/sys/block/$LOCATED/device/state"
step grow brick_iscsi_grow iscsi-path-down 3G
iscsi_request iscsi-path-down 3G
extend request.json
