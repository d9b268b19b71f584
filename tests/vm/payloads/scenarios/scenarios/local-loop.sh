# A fresh loop device at 64 MiB whose backing file then grows to 128 MiB (the loop device does not
# see it until the worker asks).
loop_volume local-loop 64M
step grow truncate -s 128M /var/tmp/local-loop.img
local_request local-loop 128M
extend request.json
