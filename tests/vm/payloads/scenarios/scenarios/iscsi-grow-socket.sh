# iscsi-grow with the worker as a host runs it: multipathd asked on its abstract socket, so no multipathd process is
# started (count-multipathd counts none) and the map still grows; the worker's log must say the socket answered.
iscsi_volume iscsi-grow-socket 1G
step grow brick_iscsi_grow iscsi-grow-socket 2G
iscsi_request iscsi-grow-socket 2G
MP_SOCKET=default extend request.json
grep -q 'multipathd: commands go through its socket @/org/kernel/linux/storage/multipathd' stderr \
  || fail "the worker's log does not say multipathd answered on its socket"
