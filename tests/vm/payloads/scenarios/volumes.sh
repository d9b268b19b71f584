# Volume fixtures: each makes a fresh volume of its own, NAME, and writes how to find its devices
# (roles, see devices.sh) to /run/brick/volumes/NAME/roles.  A scenario takes a volume's roles with
# use_volume NAME; a scenario that continues another's volume says so in scenarios.json ("after").
# Targets, portals, iscsid and multipathd are shared by the volumes of a boot; nothing else is.
BRICK_VOLUMES=/run/brick/volumes
BRICK_KEYS=/run/brick/keys

# fail TEXT: the scenario stops here; TEXT is reported as its problem
fail() { echo "$*" > problem; echo "BRICK|setup|$SCENARIO|fail|$*"; exit 3; }
# setup_wait WHAT TIMEOUT_S 'condition': a bounded wait for a setup step; fails the scenario on timeout
setup_wait() {
  if _ms=$(brick_wait_for "$2" "$3"); then echo "BRICK|setup|$SCENARIO|ok|$_ms ms|$1"
  else fail "$1: not within $2 s ($3)"; fi
}
# step LABEL CMD ARGS...: a setup command, recorded on the console (brick_run); fails the scenario if it fails
step() { _label=$1; shift; brick_run "$SCENARIO:$_label" "$@" || fail "$_label failed (see the console: BRICK|err|$SCENARIO:$_label)"; }
# needs_nvme_multipath Y|N: the boot's nvme_core multipath setting must be this
needs_nvme_multipath() {
  modprobe nvme_core; read_first /sys/module/nvme_core/parameters/multipath
  [ "$_v" = "$1" ] || fail "needs nvme_core.multipath=$1, the boot has $_v"
}

use_volume() { cp "$BRICK_VOLUMES/$1/roles" roles || fail "no volume $1"; }
# volume_role NAME ROLE LOCATOR...: one more device of volume NAME
volume_role() { _vn=$1; shift; mkdir -p "$BRICK_VOLUMES/$_vn"; echo "$*" >> "$BRICK_VOLUMES/$_vn/roles"; }
# volume_fact NAME KEY [VALUE] : sets / reads (into _v) a fact of volume NAME
volume_fact() {
  if [ $# -eq 3 ]; then mkdir -p "$BRICK_VOLUMES/$1"; echo "$3" > "$BRICK_VOLUMES/$1/$2"; else read_first "$BRICK_VOLUMES/$1/$2"; fi
}

# iscsi_volume NAME SIZE: an iSCSI volume with a LIO target of its own, logged in through both portals,
# under a dm-multipath map.  Roles: path1, path2 (the disks behind 127.0.0.1 and 127.0.0.2), map.
# Fact: multipath-id (3 + the NAA id of the disks' device/wwid: the map's WWID).
iscsi_volume() {
  brick_iscsi_initiator
  step target brick_iscsi_target "$1" "/var/tmp/$1.img" "$2"
  # not fatal: a login without a node record fails, and says why
  brick_run "$SCENARIO:discovery" brick_iscsi_discover
  step login-1 brick_iscsi_login "$1" 127.0.0.1
  step login-2 brick_iscsi_login "$1" 127.0.0.2
  for _n in 1 2; do brick_iscsi_by_path "$1" "127.0.0.$_n"; volume_role "$1" "path$_n" link "$BRICK_ISCSI_BY_PATH"; done
  use_volume "$1"
  setup_wait "$1: a disk behind each portal" 90 'role path1 && role path2'
  role path1; read_first "/sys/block/$LOCATED/device/wwid"
  _mpid=3${_v#naa.}
  volume_fact "$1" multipath-id "$_mpid"
  volume_role "$1" map dm-uuid "mpath-$_mpid"
  use_volume "$1"
  # LIO's NAA ids start 6001405 (its OUI): multipathd takes LIO disks, never NVMe namespaces
  brick_multipath_only '^36001405'
  brick_multipathd_apply || fail "multipathd did not start or take the configuration"
  setup_wait "$1: the map over both disks" 90 'role map && slaves_of "$LOCATED" && [ "$SLAVE_COUNT" = 2 ]'
  udevadm settle --timeout=20
}

# luks_volume NAME MAPPING: LUKS2 on volume NAME's map (fast PBKDF; the key in the kernel keyring,
# cryptsetup's default), opened as MAPPING, the key file in $BRICK_KEYS/MAPPING.key.  Role: crypt.
luks_volume() {
  mkdir -p "$BRICK_KEYS"; chmod 700 "$BRICK_KEYS"
  use_volume "$1"; role map || fail "volume $1 has no map"
  _map=$LOCATED
  step luks-format brick_luks_format "/dev/$_map" "$BRICK_KEYS/$2.key"
  step luks-open brick_luks_open "/dev/$_map" "$2" "$BRICK_KEYS/$2.key"
  volume_role "$1" crypt dm-name "$2"
  use_volume "$1"
  setup_wait "$1: $2 above the map" 20 "role crypt && [ -e /sys/block/$_map/holders/\$LOCATED ]"
}

# nvme_volume NAME UUID SIZE [SECTOR]: an NVMe/TCP namespace (subsystem NAME, namespace 1 with UUID; SECTOR: the
# block size, 512 unless given) connected through both ports.  Roles: path1, path2 (the namespace through the controllers of 127.0.0.1 and
# 127.0.0.2) and, with native NVMe multipath, head.  Fact: uuid.
nvme_volume() {
  modprobe nvme_core; read_first /sys/module/nvme_core/parameters/multipath; _native=$_v
  step subsystem brick_nvme_subsystem "$1"
  step namespace brick_nvme_ns "$1" 1 "/var/tmp/$1.img" "$3" "${4:-}" "$2"
  step export brick_nvme_export "$1"
  step host brick_nvme_host
  step connect-1 brick_nvme_connect "$1" 127.0.0.1
  step connect-2 brick_nvme_connect "$1" 127.0.0.2
  brick_nvme_nqn "$1"
  volume_fact "$1" uuid "$2"
  for _n in 1 2; do volume_role "$1" "path$_n" nvme-path "$BRICK_NVME_NQN" "$2" "127.0.0.$_n"; done
  [ "$_native" = Y ] && volume_role "$1" head nvme-head "$BRICK_NVME_NQN" "$2"
  use_volume "$1"
  if [ "$_native" = Y ]; then setup_wait "$1: the head and a path through each controller" 30 'role head && role path1 && role path2'
  else setup_wait "$1: the namespace through each controller" 30 'role path1 && role path2'; fi
}

# nvme_map NAME: a dm-multipath map over NVMe volume NAME's namespaces (nvme_core.multipath=N); multipathd
# takes them and no other namespace.  Role: map.
nvme_map() {
  volume_fact "$1" uuid; _uuid=$_v
  volume_role "$1" map dm-uuid "mpath-uuid.$_uuid"
  use_volume "$1"
  brick_multipath_only "^uuid\\.$_uuid\$"
  brick_multipathd_apply || fail "multipathd did not start or take the configuration"
  setup_wait "$1: the map over both namespaces" 30 'role map && slaves_of "$LOCATED" && [ "$SLAVE_COUNT" = 2 ]'
  udevadm settle --timeout=20
}

# loop_volume NAME SIZE: a loop device on /var/tmp/NAME.img.  Role: loop (found by its backing file).
loop_volume() {
  truncate -s "$2" "/var/tmp/$1.img"
  step losetup losetup --find "/var/tmp/$1.img"
  volume_role "$1" loop loop "/var/tmp/$1.img"
  use_volume "$1"
  role loop || fail "no loop device for /var/tmp/$1.img"
}
