# Portal 2 of iscsi-logout's volume logged in again: the new session reads the new size (4 GiB), so
# multipathd 0.9.4 keeps the path out of the 3 GiB map (size mismatch); the same request again: the
# worker rescans, resizes the map, then puts the path back (multipathd add path).
use_volume iscsi-logout
step login-2-again brick_iscsi_login iscsi-logout 127.0.0.2
setup_wait "portal 2's path back" 30 'role path2'
udevadm settle --timeout=20
# a path that fits is in the map at once after a login; give multipathd 3 s to take this one
role path2; _back=$LOCATED
role map && brick_wait_for 3 "[ -e /sys/block/$LOCATED/slaves/$_back ]" >/dev/null
brick_run "$SCENARIO:paths-before" multipathd show paths raw format "%d %S %t %T %o"
extend "$AFTER_DIR/request.json"
brick_run "$SCENARIO:paths-after" multipathd show paths raw format "%d %S %t %T %o"
