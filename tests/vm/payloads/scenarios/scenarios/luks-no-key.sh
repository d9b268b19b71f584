# A fresh iSCSI volume at 4 GiB with LUKS2 on its map, opened as brickcrypt with the key in the kernel
# keyring (cryptsetup's default); the LUN grows to 5 GiB; the worker has no key file.
iscsi_volume luks 4G
luks_volume luks brickcrypt
step grow brick_iscsi_grow luks 5G
iscsi_request luks 5G
extend request.json
