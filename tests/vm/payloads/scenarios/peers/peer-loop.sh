# A fresh loop device at 64 MiB; os-brick after its backing file grew to 128 MiB, the worker after 192 MiB.
loop_volume peer-loop 64M
step grow-1 truncate -s 128M /var/tmp/peer-loop.img
local_request peer-loop 128M
peer os-brick request.json
step grow-2 truncate -s 192M /var/tmp/peer-loop.img
local_request peer-loop 192M
peer brick-worker request.json
