# A fresh NVMe/TCP namespace at 1 GiB through two ports with nvme_core.multipath=N (a namespace per
# controller), no dm map over them; grown to 2 GiB with no AEN.
needs_nvme_multipath N
nvme_volume nvme-n-no-map 3e5f7a9c-1b2d-4e6f-8a0c-2d4f6b8a0c1e 1G
step grow brick_nvme_grow_quiet nvme-n-no-map 1 2G
nvme_request nvme-n-no-map 2G
extend request.json
