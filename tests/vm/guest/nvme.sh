# NVMe/TCP target (nvmet + nvmet-tcp, configfs) on loop devices, two ports (127.0.0.1:4420,
# 127.0.0.2:4420) shared by every subsystem, and the host side (nvme-tcp, nvme connect).
# Source after lib.sh.  One subsystem per volume: NQN $BRICK_NVME_NQN_PREFIX:NAME.  Every
# function finds the subsystem by NAME (configfs), so a caller keeps no state of its own.
BRICK_NVME_NQN_PREFIX=${BRICK_NVME_NQN_PREFIX:-nqn.2014-08.org.nvmexpress:brick-vm}
BRICK_NVMET=/sys/kernel/config/nvmet

# brick_nvme_nqn NAME -> sets BRICK_NVME_NQN (no fork)
brick_nvme_nqn() { BRICK_NVME_NQN=$BRICK_NVME_NQN_PREFIX:$1; }

# brick_nvme_subsystem NAME, then brick_nvme_ns NAME NSID ..., then brick_nvme_export NAME
brick_nvme_subsystem() {
  modprobe nvmet; modprobe nvmet-tcp
  mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
  brick_nvme_nqn "$1"
  mkdir "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN"
  echo 1 > "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/attr_allow_any_host"
}
# brick_nvme_ns NAME NSID BACKING_FILE SIZE [SECTOR_SIZE] [UUID|0] [NGUID|0]
# UUID / NGUID: device_uuid and device_nguid ("0" = all zero: the kernel then sends no descriptor
# of that kind and the host shows no uuid / nguid file for it; empty: nvmet's default).
brick_nvme_ns() {
  brick_nvme_nqn "$1"
  truncate -s "$4" "$3"
  if [ -n "${5:-}" ]; then _lo=$(losetup --find --show --sector-size "$5" "$3"); else _lo=$(losetup --find --show "$3"); fi
  _ns=$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/namespaces/$2
  mkdir "$_ns"
  echo "$_lo" > "$_ns/device_path"
  _uuid=${6:-}; _nguid=${7:-}
  [ "$_uuid" = 0 ] && _uuid=00000000-0000-0000-0000-000000000000
  [ "$_nguid" = 0 ] && _nguid=00000000-0000-0000-0000-000000000000
  [ -n "$_uuid" ] && echo "$_uuid" > "$_ns/device_uuid"
  [ -n "$_nguid" ] && echo "$_nguid" > "$_ns/device_nguid"
  echo 1 > "$_ns/enable"
}
# brick_nvme_ns_loop NAME NSID -> sets BRICK_NVME_LOOP, the loop device behind the namespace
brick_nvme_ns_loop() { brick_nvme_nqn "$1"; read -r BRICK_NVME_LOOP < "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/namespaces/$2/device_path"; }
# the two ports (once per boot)
brick_nvme_ports() {
  ip addr add 127.0.0.2/8 dev lo 2>/dev/null || true
  for _n in 1 2; do
    _p=$BRICK_NVMET/ports/$_n
    [ -d "$_p" ] && continue
    mkdir "$_p"
    echo ipv4 > "$_p/addr_adrfam"; echo tcp > "$_p/addr_trtype"
    echo "127.0.0.$_n" > "$_p/addr_traddr"; echo 4420 > "$_p/addr_trsvcid"
  done
}
# brick_nvme_export NAME: the subsystem on both ports
brick_nvme_export() {
  brick_nvme_ports
  brick_nvme_nqn "$1"
  for _n in 1 2; do ln -s "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN" "$BRICK_NVMET/ports/$_n/subsystems/$BRICK_NVME_NQN"; done
}
brick_nvme_host() {
  modprobe nvme-tcp
  mkdir -p /etc/nvme
  [ -s /etc/nvme/hostnqn ] || nvme gen-hostnqn > /etc/nvme/hostnqn
  [ -s /etc/nvme/hostid ] || cat /proc/sys/kernel/random/uuid > /etc/nvme/hostid
}
# brick_nvme_connect NAME IP
brick_nvme_connect() { brick_nvme_nqn "$1"; nvme connect -t tcp -a "$2" -s 4420 -n "$BRICK_NVME_NQN"; }
# brick_nvme_grow NAME NSID SIZE: file, loop capacity, nvmet revalidate (sends the AEN)
brick_nvme_grow() {
  brick_nvme_grow_quiet "$@" &&
  echo 1 > "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/namespaces/$2/revalidate_size"
}
# brick_nvme_grow_quiet NAME NSID SIZE: file and loop capacity only, as an array that sends no AEN
# would: the host sees nothing until a controller is rescanned
brick_nvme_grow_quiet() {
  brick_nvme_ns_loop "$1" "$2" || return 1
  read -r _file < "/sys/block/${BRICK_NVME_LOOP#/dev/}/loop/backing_file" && truncate -s "$3" "$_file" && losetup -c "$BRICK_NVME_LOOP"
}
