# LIO iSCSI target (configfs, no targetcli) + open-iscsi initiator + dm-multipath.
# Source after lib.sh.  Layout: one iblock backstore on a loop device, one IQN with two
# TPGs (tpgt_1 portal 127.0.0.1:3260, tpgt_2 portal 127.0.0.2:3260), LUN 0 in both,
# demo mode (no ACLs, no auth).  Two TPGs let one portal be taken away alone.
BRICK_ISCSI_IQN=${BRICK_ISCSI_IQN:-iqn.2003-01.org.linux-iscsi.brick-vm:vol1}
BRICK_ISCSI_SERIAL=${BRICK_ISCSI_SERIAL:-1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0}
BRICK_LIO=/sys/kernel/config/target

# brick_iscsi_target BACKING_FILE SIZE  -> sets BRICK_ISCSI_LOOP
brick_iscsi_target() {
  truncate -s "$2" "$1"
  BRICK_ISCSI_LOOP=$(losetup --find --show "$1")
  modprobe target_core_mod; modprobe target_core_iblock; modprobe iscsi_target_mod
  mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
  _bs=$BRICK_LIO/core/iblock_0/vol1
  mkdir -p "$_bs"
  echo "udev_path=$BRICK_ISCSI_LOOP" > "$_bs/control"
  echo "$BRICK_ISCSI_SERIAL" > "$_bs/wwn/vpd_unit_serial"
  echo 1 > "$_bs/enable"
  ip addr add 127.0.0.2/8 dev lo 2>/dev/null || true
  for _n in 1 2; do
    _tpg=$BRICK_LIO/iscsi/$BRICK_ISCSI_IQN/tpgt_$_n
    mkdir -p "$_tpg/lun/lun_0"
    ln -s "$_bs" "$_tpg/lun/lun_0/vol1"
    mkdir "$_tpg/np/127.0.0.$_n:3260"
    echo 0 > "$_tpg/attrib/authentication"
    echo 1 > "$_tpg/attrib/generate_node_acls"
    echo 0 > "$_tpg/attrib/demo_mode_write_protect"
    echo 1 > "$_tpg/attrib/cache_dynamic_acls"
    echo 1 > "$_tpg/enable"
  done
}

brick_iscsi_initiator() {
  mkdir -p /run/lock/iscsi /etc/iscsi
  [ -s /etc/iscsi/initiatorname.iscsi ] && grep -q '^InitiatorName=iqn' /etc/iscsi/initiatorname.iscsi \
    || echo "InitiatorName=iqn.1993-08.org.debian:01:brickvm" > /etc/iscsi/initiatorname.iscsi
  # short recovery so that a dead portal goes offline within the run
  sed -i 's/^node.session.timeo.replacement_timeout.*/node.session.timeo.replacement_timeout = 10/' /etc/iscsi/iscsid.conf
  sed -i 's/^node.startup.*/node.startup = manual/' /etc/iscsi/iscsid.conf
  modprobe iscsi_tcp
  iscsid
  sleep 0.3
}
brick_iscsi_discover() { iscsiadm -m discovery -t sendtargets -p 127.0.0.1:3260; }
brick_iscsi_login() { iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p "$1:3260" --login; }
brick_iscsi_logout() { iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p "$1:3260" --logout; }
# sd name behind a portal ("" if none)
brick_iscsi_sd() {
  _l=/dev/disk/by-path/ip-$1:3260-iscsi-$BRICK_ISCSI_IQN-lun-0
  [ -e "$_l" ] && basename "$(readlink -f "$_l")"
}
# take a portal away under a logged-in session / bring it back (TPG enable 0/1)
brick_iscsi_portal_down() { echo 0 > "$BRICK_LIO/iscsi/$BRICK_ISCSI_IQN/tpgt_$1/enable"; }
brick_iscsi_portal_up() { echo 1 > "$BRICK_LIO/iscsi/$BRICK_ISCSI_IQN/tpgt_$1/enable"; }

# grow: file + loop capacity; LIO iblock reads the block device's size live
brick_iscsi_grow() { truncate -s "$1" "$(losetup -n -O BACK-FILE "$BRICK_ISCSI_LOOP")"; losetup -c "$BRICK_ISCSI_LOOP"; }

brick_multipathd_start() {
  cat > /etc/multipath.conf <<CONF
defaults {
    user_friendly_names ${BRICK_MP_FRIENDLY:-yes}
    find_multipaths no
    polling_interval 2
}
CONF
  modprobe dm_multipath; modprobe dm_round_robin 2>/dev/null || true
  multipathd
}
