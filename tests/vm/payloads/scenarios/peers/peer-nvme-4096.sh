# The same with 4096-byte blocks (the namespace's loop device has 4096-byte sectors): os-brick 1 → 2 GiB, the
# worker 2 → 3 GiB.
needs_nvme_multipath Y
nvme_volume peer-nvme-4096 6c1d3e5f-7092-4ba4-9c6d-8e0f1a2b3c4d 1G 4096
step grow-1 brick_nvme_grow_quiet peer-nvme-4096 1 2G
nvme_request peer-nvme-4096 2G
peer os-brick request.json
step grow-2 brick_nvme_grow_quiet peer-nvme-4096 1 3G
nvme_request peer-nvme-4096 3G
peer brick-worker request.json
