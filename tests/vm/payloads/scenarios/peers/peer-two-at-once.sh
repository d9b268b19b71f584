# Two fresh iSCSI multipath volumes at 1 GiB, both LUNs grown, both asked at once (two calls side by side):
# os-brick after 1 → 2 GiB, the worker after 2 → 3 GiB.  Roles: peer-two-a.ROLE, peer-two-b.ROLE.
iscsi_volume peer-two-a 1G
iscsi_volume peer-two-b 1G
peer_roles peer-two-a peer-two-a peer-two-b peer-two-b
two_turn() {
  for _v2 in peer-two-a peer-two-b; do
    step "grow-$_v2" brick_iscsi_grow "$_v2" "$2"
    iscsi_request "$_v2" "$2"; mv request.json "$_v2.json"
  done
  peer "$1" peer-two-a.json peer-two-b.json
}
two_turn os-brick 2G
two_turn brick-worker 3G
