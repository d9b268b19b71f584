# A fresh NVMe/TCP namespace (512-byte blocks) at 1 GiB through two ports under native NVMe multipath; each system
# after its own grow with no AEN (the host sees nothing until it rescans): os-brick 1 → 2 GiB, the worker 2 → 3 GiB.
needs_nvme_multipath Y
nvme_volume peer-nvme-512 5b0c2d4e-6f81-4a93-8b5c-7d9e0f1a2b3c 1G
step grow-1 brick_nvme_grow_quiet peer-nvme-512 1 2G
nvme_request peer-nvme-512 2G
peer os-brick request.json
step grow-2 brick_nvme_grow_quiet peer-nvme-512 1 3G
nvme_request peer-nvme-512 3G
peer brick-worker request.json
