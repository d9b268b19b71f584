# A fresh NVMe/TCP namespace at 1 GiB through two ports under native NVMe multipath (one head, two
# hidden paths); grown to 2 GiB with no AEN, so the host sees nothing until the worker rescans.
needs_nvme_multipath Y
nvme_volume nvme-native 7c1a2b3c-4d5e-4f60-8172-839405a6b7c8 1G
step grow brick_nvme_grow_quiet nvme-native 1 2G
nvme_request nvme-native 2G
extend request.json
