# NVMe/TCP target (nvmet + nvmet-tcp, configfs) on loop devices, two ports
# (127.0.0.1:4420, 127.0.0.2:4420), and the host side (nvme-tcp, nvme connect).
BRICK_NVME_NQN=${BRICK_NVME_NQN:-nqn.2014-08.org.nvmexpress:brick-vm:vol1}
BRICK_NVMET=/sys/kernel/config/nvmet

# brick_nvme_target  then brick_nvme_ns NSID BACKING_FILE SIZE [SECTOR_SIZE]  then brick_nvme_ports
brick_nvme_target() {
  modprobe nvmet; modprobe nvmet-tcp
  mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
  mkdir "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN"
  echo 1 > "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/attr_allow_any_host"
}
# Optional 5th/6th arguments: device_uuid and device_nguid ("0" = all zero: the kernel then
# sends no descriptor of that kind and the host shows no uuid / nguid file for it).
brick_nvme_ns() {
  truncate -s "$3" "$2"
  if [ -n "${4:-}" ]; then _lo=$(losetup --find --show --sector-size "$4" "$2"); else _lo=$(losetup --find --show "$2"); fi
  _ns=$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/namespaces/$1
  mkdir "$_ns"
  echo "$_lo" > "$_ns/device_path"
  [ "${5:-}" = 0 ] && set -- "$1" "$2" "$3" "${4:-}" 00000000-0000-0000-0000-000000000000 "${6:-}"
  [ "${6:-}" = 0 ] && set -- "$1" "$2" "$3" "${4:-}" "${5:-}" 00000000-0000-0000-0000-000000000000
  [ -n "${5:-}" ] && echo "$5" > "$_ns/device_uuid"
  [ -n "${6:-}" ] && echo "$6" > "$_ns/device_nguid"
  echo 1 > "$_ns/enable"
  eval "BRICK_NVME_LOOP_$1=$_lo"
}
brick_nvme_ports() {
  ip addr add 127.0.0.2/8 dev lo 2>/dev/null || true
  for _n in 1 2; do
    _p=$BRICK_NVMET/ports/$_n
    mkdir "$_p"
    echo ipv4 > "$_p/addr_adrfam"; echo tcp > "$_p/addr_trtype"
    echo "127.0.0.$_n" > "$_p/addr_traddr"; echo 4420 > "$_p/addr_trsvcid"
    ln -s "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN" "$_p/subsystems/$BRICK_NVME_NQN"
  done
}
brick_nvme_host() {
  modprobe nvme-tcp
  mkdir -p /etc/nvme
  [ -s /etc/nvme/hostnqn ] || nvme gen-hostnqn > /etc/nvme/hostnqn
  [ -s /etc/nvme/hostid ] || cat /proc/sys/kernel/random/uuid > /etc/nvme/hostid
}
brick_nvme_connect() { nvme connect -t tcp -a "$1" -s 4420 -n "$BRICK_NVME_NQN"; }
# grow NSID to SIZE: file, loop capacity, nvmet revalidate (sends the AEN)
brick_nvme_grow() {
  eval "_lo=\$BRICK_NVME_LOOP_$1"
  truncate -s "$2" "$(losetup -n -O BACK-FILE "$_lo")"; losetup -c "$_lo"
  echo 1 > "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/namespaces/$1/revalidate_size"
}
