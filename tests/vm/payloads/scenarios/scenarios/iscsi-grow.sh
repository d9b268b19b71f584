# A fresh iSCSI volume at 1 GiB behind two portals and a multipath map; the LUN grows to 2 GiB and
# nothing is rescanned yet.
iscsi_volume iscsi-grow 1G
step grow brick_iscsi_grow iscsi-grow 2G
iscsi_request iscsi-grow 2G
extend request.json
