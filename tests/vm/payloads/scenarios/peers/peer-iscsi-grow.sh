# A fresh iSCSI volume at 1 GiB behind two portals and a multipath map; each system after its own grow of the LUN:
# os-brick 1 → 2 GiB, then the worker 2 → 3 GiB.
iscsi_volume peer-iscsi 1G
step grow-1 brick_iscsi_grow peer-iscsi 2G
iscsi_request peer-iscsi 2G
peer os-brick request.json
step grow-2 brick_iscsi_grow peer-iscsi 3G
iscsi_request peer-iscsi 3G
peer brick-worker request.json
