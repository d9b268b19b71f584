# LIO iSCSI targets (configfs, no targetcli) and the open-iscsi initiator.  Source after lib.sh.
# One target per volume, as Cinder's LIO driver lays them out: an iblock backstore NAME on a loop
# device, IQN $BRICK_ISCSI_IQN_PREFIX:NAME with two TPGs (tpgt_1 portal 127.0.0.1:3260, tpgt_2
# portal 127.0.0.2:3260), LUN 0 in both, demo mode (no ACLs, no auth).  Two TPGs let one portal of
# a volume be taken away alone.  Every function finds the volume by NAME (configfs, by-path), so a
# caller keeps no state of its own.
BRICK_ISCSI_IQN_PREFIX=${BRICK_ISCSI_IQN_PREFIX:-iqn.2003-01.org.linux-iscsi.brick-vm}
BRICK_LIO=/sys/kernel/config/target

# brick_iscsi_iqn NAME -> sets BRICK_ISCSI_IQN (no fork)
brick_iscsi_iqn() { BRICK_ISCSI_IQN=$BRICK_ISCSI_IQN_PREFIX:$1; }

# brick_iscsi_target NAME BACKING_FILE SIZE [SERIAL] -> sets BRICK_ISCSI_IQN, BRICK_ISCSI_LOOP
# SERIAL (vpd_unit_serial, from which LIO derives the NAA WWID): default a random UUID.
brick_iscsi_target() {
  truncate -s "$3" "$2"
  BRICK_ISCSI_LOOP=$(losetup --find --show "$2")
  modprobe target_core_mod; modprobe target_core_iblock; modprobe iscsi_target_mod
  mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
  _serial=${4:-}
  [ -n "$_serial" ] || read -r _serial < /proc/sys/kernel/random/uuid
  _bs=$BRICK_LIO/core/iblock_0/$1
  mkdir -p "$_bs"
  echo "udev_path=$BRICK_ISCSI_LOOP" > "$_bs/control"
  echo "$BRICK_ISCSI_LOOP" > "$_bs/udev_path"   # as targetcli does: configfs then names the device
  echo "$_serial" > "$_bs/wwn/vpd_unit_serial"
  echo 1 > "$_bs/enable"
  ip addr add 127.0.0.2/8 dev lo 2>/dev/null || true
  brick_iscsi_iqn "$1"
  for _n in 1 2; do
    _tpg=$BRICK_LIO/iscsi/$BRICK_ISCSI_IQN/tpgt_$_n
    mkdir -p "$_tpg/lun/lun_0"
    ln -s "$_bs" "$_tpg/lun/lun_0/$1"
    mkdir "$_tpg/np/127.0.0.$_n:3260"
    echo 0 > "$_tpg/attrib/authentication"
    echo 1 > "$_tpg/attrib/generate_node_acls"
    echo 0 > "$_tpg/attrib/demo_mode_write_protect"
    echo 1 > "$_tpg/attrib/cache_dynamic_acls"
    echo 1 > "$_tpg/enable"
  done
}

# brick_iscsi_initiator: iscsid with short recovery (a dead portal goes offline within the run); once per boot
brick_iscsi_initiator() {
  [ -e /run/brick-iscsid ] && return 0
  mkdir -p /run/lock/iscsi /etc/iscsi
  [ -s /etc/iscsi/initiatorname.iscsi ] && grep -q '^InitiatorName=iqn' /etc/iscsi/initiatorname.iscsi \
    || echo "InitiatorName=iqn.1993-08.org.debian:01:brickvm" > /etc/iscsi/initiatorname.iscsi
  sed -i 's/^node.session.timeo.replacement_timeout.*/node.session.timeo.replacement_timeout = 10/' /etc/iscsi/iscsid.conf
  sed -i 's/^node.startup.*/node.startup = manual/' /etc/iscsi/iscsid.conf
  modprobe iscsi_tcp
  iscsid
  sleep 0.3
  : > /run/brick-iscsid
}
# node records for every target the first portal offers (records that exist are kept as they are)
brick_iscsi_discover() { iscsiadm -m discovery -t sendtargets -p 127.0.0.1:3260 -o new; }
# brick_iscsi_login NAME IP / brick_iscsi_logout NAME IP
brick_iscsi_login() { brick_iscsi_iqn "$1"; iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p "$2:3260" --login; }
brick_iscsi_logout() { brick_iscsi_iqn "$1"; iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p "$2:3260" --logout; }
# brick_iscsi_by_path NAME IP -> sets BRICK_ISCSI_BY_PATH, udev's link for LUN 0 of NAME behind IP
brick_iscsi_by_path() { brick_iscsi_iqn "$1"; BRICK_ISCSI_BY_PATH=/dev/disk/by-path/ip-$2:3260-iscsi-$BRICK_ISCSI_IQN-lun-0; }
# brick_iscsi_sd NAME IP : prints the sd name behind a portal ("" if none)
brick_iscsi_sd() {
  brick_iscsi_by_path "$1" "$2"
  [ -e "$BRICK_ISCSI_BY_PATH" ] && basename "$(readlink -f "$BRICK_ISCSI_BY_PATH")"
}
# take a portal of NAME away under a logged-in session / bring it back (TPG enable 0/1): NAME N
brick_iscsi_portal_down() { brick_iscsi_iqn "$1"; echo 0 > "$BRICK_LIO/iscsi/$BRICK_ISCSI_IQN/tpgt_$2/enable"; }
brick_iscsi_portal_up() { brick_iscsi_iqn "$1"; echo 1 > "$BRICK_LIO/iscsi/$BRICK_ISCSI_IQN/tpgt_$2/enable"; }

# brick_iscsi_grow NAME SIZE: file + loop capacity; LIO iblock reads the block device's size live
brick_iscsi_grow() {
  _lo=""; read -r _lo < "$BRICK_LIO/core/iblock_0/$1/udev_path"
  [ -n "$_lo" ] || { echo "brick_iscsi_grow: no device behind backstore $1" >&2; return 1; }
  read -r _file < "/sys/block/${_lo#/dev/}/loop/backing_file" && truncate -s "$2" "$_file" && losetup -c "$_lo"
}
