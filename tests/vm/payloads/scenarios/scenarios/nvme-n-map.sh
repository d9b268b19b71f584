# A fresh NVMe/TCP namespace at 2 GiB through two ports with nvme_core.multipath=N, under a
# dm-multipath map (multipathd takes it and no other namespace); grown to 3 GiB with no AEN.
needs_nvme_multipath N
nvme_volume nvme-n-map 9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d 2G
nvme_map nvme-n-map
step grow brick_nvme_grow_quiet nvme-n-map 1 3G
nvme_request nvme-n-map 3G
extend request.json
