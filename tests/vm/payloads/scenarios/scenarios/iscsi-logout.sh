# A fresh iSCSI volume at 3 GiB; portal 2 logged out (its disk vanishes at once, the map keeps portal
# 1's); then the LUN grows to 4 GiB.
iscsi_volume iscsi-logout 3G
role path2 || fail "no path behind portal 2"
_gone=$LOCATED
step logout-2 brick_iscsi_logout iscsi-logout 127.0.0.2
setup_wait "portal 2's path gone" 20 "! role path2 && [ ! -e /sys/block/$_gone ]"
step grow brick_iscsi_grow iscsi-logout 4G
iscsi_request iscsi-logout 4G
extend request.json
