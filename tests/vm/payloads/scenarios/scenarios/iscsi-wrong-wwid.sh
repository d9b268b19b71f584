# A fresh iSCSI volume at 2 GiB; the LUN grows to 3 GiB; the request names another volume's WWID.
iscsi_volume iscsi-wrong-wwid 2G
step grow brick_iscsi_grow iscsi-wrong-wwid 3G
iscsi_request iscsi-wrong-wwid 3G 36001405ffffffffffffffffffffffff0
extend request.json
