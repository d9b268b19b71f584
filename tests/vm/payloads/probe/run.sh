#!/bin/sh
# Phase-1 probe: builds loop, iSCSI (LIO, 2 portals) + dm-multipath + LUKS2, and NVMe/TCP
# (2 ports) in the guest, grows them, and dumps what the real kernel and tools show.
# With nvme_core.multipath=N on the kernel command line only the NVMe part runs (plus
# dm-multipath over the per-controller namespaces).
# Run:  tests/vm/run-vm.sh tests/vm/payloads/probe OUT
#       BRICK_VM_APPEND=nvme_core.multipath=N tests/vm/run-vm.sh tests/vm/payloads/probe OUT
. /payload/guest/lib.sh
. /payload/guest/iscsi.sh
. /payload/guest/multipath.sh
. /payload/guest/nvme.sh
. /payload/guest/luks.sh

G=1073741824
# nvme_core is not loaded yet: read the kernel command line (Debian's default is Y)
nvme_mp=Y
case " $(cat /proc/cmdline) " in *" nvme_core.multipath=N "*|*" nvme_core.multipath=n "*|*" nvme_core.multipath=0 "*) nvme_mp=N ;; esac
MODE=${BRICK_PROBE_MODE:-all}
[ "$nvme_mp" = N ] && MODE=nvme-nomp

size_of() { cat "/sys/block/$1/size" 2>/dev/null || echo '<absent>'; }
sizes() { _s=""; for _d in "$@"; do _s="$_s $_d=$(size_of "$_d")"; done; echo "${_s# }"; }
fact_sizes() { brick_fact "sizes:$1" "$(shift; sizes "$@")"; }

brick_section versions
brick_run uname uname -r
brick_run uname-a uname -a
brick_file /proc/cmdline /sys/module/nvme_core/parameters/multipath
brick_run dpkg-versions dpkg-query -W -f '${Package} ${Version}\n' multipath-tools multipath-tools-boot open-iscsi cryptsetup-bin libcryptsetup12 nvme-cli udev kmod util-linux dmsetup
brick_run cryptsetup-version cryptsetup --version
brick_run nvme-version nvme version
brick_run iscsiadm-version iscsiadm --version
brick_note mode "$MODE"

########################################################################### loop
if [ "$MODE" = all ]; then
brick_section loop
truncate -s 64M /var/tmp/loop.img
LOOP=$(losetup --find --show /var/tmp/loop.img); LN=$(basename "$LOOP")
brick_fact loop-dev "$LOOP"
brick_run ls-loop ls "/sys/block/$LN/"
brick_run ls-loop-loop ls "/sys/block/$LN/loop/"
brick_file "/sys/block/$LN/size" "/sys/block/$LN/loop/backing_file" "/sys/block/$LN/loop/offset" "/sys/block/$LN/loop/sizelimit" "/sys/block/$LN/loop/autoclear" "/sys/block/$LN/queue/logical_block_size" "/sys/block/$LN/ro"
brick_link "/sys/block/$LN"
brick_run losetup-list losetup --list --json
truncate -s 128M /var/tmp/loop.img
brick_fact "loop-size-after-truncate-before-losetup-c" "$(size_of "$LN")"
brick_run losetup-c losetup -c "$LOOP"
brick_fact "loop-size-after-losetup-c" "$(size_of "$LN")"
brick_run ls-by-id-loop sh -c 'ls -l /dev/disk/by-id/ | grep -i loop || true'
fi

########################################################################### iSCSI
if [ "$MODE" = all ]; then
brick_section iscsi-setup
t=$(brick_ms); brick_iscsi_target vol1 /var/tmp/iscsi.img 1G 1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0; brick_time=$(( $(brick_ms) - t ))
echo "BRICK|time|lio-target-setup|$brick_time"
brick_fact iscsi-backing-loop "$BRICK_ISCSI_LOOP"
brick_run ls-lio-tpg1 ls -l "$BRICK_LIO/iscsi/$BRICK_ISCSI_IQN/tpgt_1/np" "$BRICK_LIO/iscsi/$BRICK_ISCSI_IQN/tpgt_1/lun/lun_0"
brick_file "$BRICK_LIO/core/iblock_0/vol1/info" "$BRICK_LIO/core/iblock_0/vol1/wwn/vpd_unit_serial"
brick_iscsi_initiator
brick_run iscsi-discovery iscsiadm -m discovery -t sendtargets -p 127.0.0.1:3260
brick_run iscsi-login-1 iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p 127.0.0.1:3260 --login
brick_run iscsi-login-2 iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p 127.0.0.2:3260 --login
brick_wait iscsi-by-path-links 20 "[ -e /dev/disk/by-path/ip-127.0.0.1:3260-iscsi-$BRICK_ISCSI_IQN-lun-0 ] && [ -e /dev/disk/by-path/ip-127.0.0.2:3260-iscsi-$BRICK_ISCSI_IQN-lun-0 ]"
udevadm settle
P1=$(brick_iscsi_sd vol1 127.0.0.1); P2=$(brick_iscsi_sd vol1 127.0.0.2)
brick_fact iscsi-path-127.0.0.1 "$P1"; brick_fact iscsi-path-127.0.0.2 "$P2"
brick_run iscsi-session-list iscsiadm -m session
brick_run iscsi-session-P3 iscsiadm -m session -P 3
brick_run ls-by-path ls -l /dev/disk/by-path/
brick_links_in /dev/disk/by-path
brick_run ls-by-id-before-mp ls -l /dev/disk/by-id/

brick_section scsi-sysfs
for d in "$P1" "$P2"; do
  brick_link "/sys/block/$d" "/sys/block/$d/device" "/sys/block/$d/device/driver" "/sys/block/$d/device/scsi_disk/"*
  brick_run "ls-sys-block-$d" ls "/sys/block/$d/"
  brick_run "ls-sys-block-$d-device" ls "/sys/block/$d/device/"
  brick_file "/sys/block/$d/device/wwid" "/sys/block/$d/device/state" "/sys/block/$d/device/vendor" \
    "/sys/block/$d/device/model" "/sys/block/$d/device/rev" "/sys/block/$d/device/queue_depth" \
    "/sys/block/$d/device/timeout" "/sys/block/$d/device/device_blocked" \
    "/sys/block/$d/size" "/sys/block/$d/queue/logical_block_size" "/sys/block/$d/queue/physical_block_size" \
    "/sys/block/$d/ro" "/sys/block/$d/removable" "/sys/block/$d/dev" "/sys/block/$d/uevent" \
    "/sys/block/$d/device/uevent"
  brick_run "xxd-vpd_pg83-$d" sh -c "xxd /sys/block/$d/device/vpd_pg83 | head -n 12"
  brick_run "xxd-vpd_pg80-$d" sh -c "xxd /sys/block/$d/device/vpd_pg80 | head -n 4"
  brick_run "ls-holders-$d" ls -l "/sys/block/$d/holders/"
  brick_run "udevadm-info-$d" udevadm info --query=property "/dev/$d"
done
brick_run ls-scsi-driver-sd ls /sys/bus/scsi/drivers/sd/
brick_run ls-class-iscsi_session ls -l /sys/class/iscsi_session/ /sys/class/iscsi_connection/ /sys/class/iscsi_host/
for s in /sys/class/iscsi_session/session*; do
  brick_file "$s/targetname" "$s/state" "$s/recovery_tmo" "$s/tpgt" "$s/ifacename"
done
for c in /sys/class/iscsi_connection/connection*; do
  brick_file "$c/persistent_address" "$c/persistent_port" "$c/address" "$c/port" "$c/state" 2>/dev/null
done

brick_section multipath-setup
brick_multipathd_start
brick_wait dm-0-with-2-slaves 30 '[ "$(ls /sys/block/dm-0/slaves 2>/dev/null | wc -l)" = 2 ]'
udevadm settle
brick_file /etc/multipath.conf
brick_run mp-show-maps multipathd show maps
brick_run mp-show-paths multipathd show paths
brick_run mp-show-maps-raw multipathd show maps raw format "%n %w %d %S %N"
brick_run mp-show-paths-raw multipathd show paths raw format "%w %d %D %t %T %o %S %m"
brick_run multipath-ll multipath -ll
brick_run dmsetup-table-0 dmsetup table
brick_run dmsetup-info-c dmsetup info -c
brick_file /sys/block/dm-0/dm/uuid /sys/block/dm-0/dm/name /sys/block/dm-0/dm/suspended /sys/block/dm-0/size /sys/block/dm-0/dev /sys/block/dm-0/uevent
brick_run ls-dm0 ls /sys/block/dm-0/
brick_run ls-dm0-slaves ls -l /sys/block/dm-0/slaves/
brick_run ls-dm0-holders ls -l /sys/block/dm-0/holders/
brick_run "ls-holders-$P1-mp" ls -l "/sys/block/$P1/holders/"
brick_run ls-mapper ls -l /dev/mapper/
brick_run ls-by-id-mp ls -l /dev/disk/by-id/
brick_links_in /dev/disk/by-id
brick_run udevadm-info-dm0 udevadm info --query=property /dev/dm-0
MAP=$(cat /sys/block/dm-0/dm/name); WWID=$(cat "/sys/block/$P1/device/wwid")
MPUUID=$(cat /sys/block/dm-0/dm/uuid)
brick_fact map-name "$MAP"; brick_fact map-uuid "$MPUUID"; brick_fact path-wwid "$WWID"

brick_section luks-setup
t=$(brick_ms)
brick_run luks-format sh -c "head -c 64 /dev/urandom > /run/brick.key; cryptsetup luksFormat --type luks2 --batch-mode --key-file /run/brick.key --pbkdf pbkdf2 --pbkdf-force-iterations 1000 /dev/mapper/$MAP"
brick_run luks-open cryptsetup open --type luks2 --key-file /run/brick.key "/dev/mapper/$MAP" brickcrypt
udevadm settle
CR=$(basename "$(readlink -f /dev/mapper/brickcrypt)")
brick_fact crypt-dm "$CR"
brick_file "/sys/block/$CR/dm/uuid" "/sys/block/$CR/dm/name" "/sys/block/$CR/size" "/sys/block/dm-0/size"
brick_fact "crypt-offset-sectors" "$(( $(size_of dm-0) - $(size_of "$CR") ))"
brick_run ls-crypt-slaves ls -l "/sys/block/$CR/slaves/"
brick_run ls-dm0-holders-luks ls -l /sys/block/dm-0/holders/
brick_run crypt-status cryptsetup status brickcrypt
brick_run luks-dump cryptsetup luksDump "/dev/mapper/$MAP"
brick_run dmsetup-table-crypt dmsetup table brickcrypt
brick_run ls-mapper-luks ls -l /dev/mapper/
brick_run ls-by-id-luks ls -l /dev/disk/by-id/
brick_links_in /dev/disk/by-id
brick_run udevadm-info-crypt udevadm info --query=property "/dev/$CR"
brick_run blkid-map blkid "/dev/mapper/$MAP"

brick_section grow1
fact_sizes grow1-before "$P1" "$P2" dm-0 "$CR"
brick_iscsi_grow vol1 2G
brick_run lio-info-after-grow cat "$BRICK_LIO/core/iblock_0/vol1/info"
fact_sizes grow1-after-losetup-c "$P1" "$P2" dm-0 "$CR"
brick_run resize-none-rescanned multipathd resize map /dev/dm-0
fact_sizes after-resize-none-rescanned "$P1" "$P2" dm-0
t=$(brick_ms); echo 1 > "/sys/block/$P1/device/rescan"; echo "BRICK|time|rescan-write-$P1|$(( $(brick_ms) - t ))"
fact_sizes grow1-right-after-rescan-$P1 "$P1" "$P2" dm-0
brick_wait grow1-$P1-size-changed 10 "[ \$(cat /sys/block/$P1/size) -gt 2097152 ]"
brick_run resize-unequal multipathd resize map /dev/dm-0
fact_sizes after-resize-unequal "$P1" "$P2" dm-0
brick_run mp-show-paths-unequal multipathd show paths
echo 1 > "/sys/block/$P2/device/rescan"
fact_sizes grow1-after-rescan-both "$P1" "$P2" dm-0
sleep 0.5
brick_run resize-by-wwid multipathd resize map "$WWID"
fact_sizes after-resize-by-wwid "$P1" "$P2" dm-0
brick_run resize-by-dm-0-bare multipathd resize map dm-0
fact_sizes after-resize-dm-0-bare "$P1" "$P2" dm-0
brick_run resize-by-name multipathd resize map "$MAP"
fact_sizes after-resize-by-name "$P1" "$P2" dm-0 "$CR"
brick_run resize-by-dev-mapper multipathd resize map "/dev/mapper/$MAP"
brick_run resize-by-dev-dm-0-again multipathd resize map /dev/dm-0
brick_run resize-by-mp-wwid multipathd resize map "${MPUUID#mpath-}"
brick_run resize-unknown-map multipathd resize map /dev/dm-9
brick_run resize-unknown-name multipathd resize map nosuchmap
brick_run mp-show-maps-grow1 multipathd show maps
brick_run dmesg-tail-grow1 sh -c 'dmesg | tail -n 25'

brick_section grow2
brick_iscsi_grow vol1 3G
echo 1 > "/sys/block/$P1/device/rescan"; echo 1 > "/sys/block/$P2/device/rescan"
fact_sizes grow2-after-rescan "$P1" "$P2" dm-0 "$CR"
brick_run resize-dev-dm-0 multipathd resize map /dev/dm-0
fact_sizes grow2-after-resize "$P1" "$P2" dm-0 "$CR"
brick_run crypt-status-before-resize cryptsetup status brickcrypt
brick_run crypt-resize-nokey cryptsetup resize brickcrypt
fact_sizes after-crypt-resize-nokey dm-0 "$CR"
brick_run crypt-resize-nokey-batch cryptsetup resize --batch-mode brickcrypt
brick_run crypt-resize-keyfile cryptsetup resize --key-file /run/brick.key brickcrypt
fact_sizes after-crypt-resize-keyfile dm-0 "$CR"
brick_run crypt-status-after-resize cryptsetup status brickcrypt
brick_run crypt-resize-again-nokey cryptsetup resize brickcrypt
brick_run crypt-resize-size-nokey cryptsetup resize --size 2048 brickcrypt
fact_sizes after-crypt-resize-size dm-0 "$CR"
brick_run crypt-resize-keyfile-back cryptsetup resize --key-file /run/brick.key brickcrypt
brick_run keyctl-keys cat /proc/keys

brick_section luks-no-keyring
brick_run crypt-close cryptsetup close brickcrypt
brick_run luks-open-disable-keyring cryptsetup open --type luks2 --disable-keyring --key-file /run/brick.key "/dev/mapper/$MAP" brickcrypt
udevadm settle
CR=$(basename "$(readlink -f /dev/mapper/brickcrypt)"); brick_fact crypt-dm-reopened "$CR"
brick_file "/sys/block/$CR/dm/uuid"
brick_run crypt-status-nokeyring cryptsetup status brickcrypt
brick_run dmsetup-table-crypt-nokeyring sh -c 'dmsetup table brickcrypt | sed -E "s/ [0-9a-f]{64,} / <hexkey> /"'

brick_section grow3-offline
brick_iscsi_grow vol1 4G
echo 1 > "/sys/block/$P1/device/rescan"; echo 1 > "/sys/block/$P2/device/rescan"
brick_run set-offline sh -c "echo offline > /sys/block/$P2/device/state"
brick_file "/sys/block/$P2/device/state"
sleep 3
brick_run mp-show-paths-offline multipathd show paths
fact_sizes grow3-before-resize "$P1" "$P2" dm-0 "$CR"
brick_run resize-with-offline-path multipathd resize map /dev/dm-0
fact_sizes grow3-after-resize-offline "$P1" "$P2" dm-0 "$CR"
brick_run set-running sh -c "echo running > /sys/block/$P2/device/state"
sleep 3
brick_run mp-show-paths-running multipathd show paths
brick_run resize-after-running multipathd resize map /dev/dm-0
fact_sizes grow3-after-resize-running "$P1" "$P2" dm-0 "$CR"
brick_run crypt-resize-nokey-nokeyring cryptsetup resize brickcrypt
fact_sizes grow3-after-crypt-resize-nokeyring dm-0 "$CR"

brick_section path-logout
brick_run iscsi-logout-2 iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p 127.0.0.2:3260 --logout
brick_file "/sys/block/$P2/device/state"
brick_run ls-sys-block-after-logout ls /sys/block/
brick_run ls-by-path-after-logout ls -l /dev/disk/by-path/
sleep 2
brick_run mp-show-paths-after-logout multipathd show paths
brick_run ls-dm0-slaves-after-logout ls -l /sys/block/dm-0/slaves/
brick_run resize-one-path multipathd resize map /dev/dm-0
brick_run iscsi-login-2-again iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p 127.0.0.2:3260 --login
brick_wait relogin-by-path 20 "[ -e /dev/disk/by-path/ip-127.0.0.2:3260-iscsi-$BRICK_ISCSI_IQN-lun-0 ]"
udevadm settle
P2=$(brick_iscsi_sd vol1 127.0.0.2); brick_fact iscsi-path-127.0.0.2-after-relogin "$P2"
brick_wait relogin-in-map 20 "[ -e /sys/block/dm-0/slaves/$P2 ]"
brick_run mp-show-paths-after-relogin multipathd show paths

brick_section portal-down
brick_file /sys/class/iscsi_session/session*/recovery_tmo
brick_run ls-l-sys-block-P2 readlink -f "/sys/block/$P2"
brick_run portal2-down sh -c ". /payload/guest/lib.sh; . /payload/guest/iscsi.sh; brick_iscsi_portal_down vol1 2"
brick_watch portal2-down 18 "/sys/block/$P2/device/state" /sys/class/iscsi_session/session*/state
brick_run mp-show-paths-portal-down multipathd show paths
brick_run ls-sys-block-portal-down ls /sys/block/
brick_file "/sys/block/$P2/size"
# grow while path 2 is transport-offline: the offline path cannot learn the new size
brick_iscsi_grow vol1 5G
brick_run rescan-$P1-while-P2-offline sh -c "echo 1 > /sys/block/$P1/device/rescan"
brick_run rescan-$P2-transport-offline sh -c "echo 1 > /sys/block/$P2/device/rescan"
fact_sizes grow4-one-path-offline "$P1" "$P2" dm-0 "$CR"
brick_run resize-with-offline-path-old-size multipathd resize map /dev/dm-0
fact_sizes grow4-after-resize "$P1" "$P2" dm-0 "$CR"
brick_run mp-show-maps-json multipathd show maps json
brick_run portal2-up sh -c ". /payload/guest/lib.sh; . /payload/guest/iscsi.sh; brick_iscsi_portal_up vol1 2"
brick_watch portal2-up 8 "/sys/block/$P2/device/state" /sys/class/iscsi_session/session*/state
brick_run mp-show-paths-portal-up multipathd show paths
fact_sizes grow4-after-portal-up "$P1" "$P2" dm-0 "$CR"
brick_run rescan-$P2-after-portal-up sh -c "echo 1 > /sys/block/$P2/device/rescan"
fact_sizes grow4-after-rescan-$P2 "$P1" "$P2" dm-0 "$CR"
brick_run resize-after-portal-up multipathd resize map /dev/dm-0
fact_sizes grow4-after-resize-portal-up "$P1" "$P2" dm-0 "$CR"
brick_run mp-show-maps-final multipathd show maps raw format "%n %w %d %S %N %Q"
brick_run dmesg-iscsi sh -c 'dmesg | grep -iE "connection|session|iscsi|sd [0-9]|capacity|detected" | tail -n 40'
fi

########################################################################### NVMe/TCP
brick_section nvme-setup
brick_nvme_subsystem vol1
# ns 1: 512-byte LBAs, uuid + nguid; ns 2: 4096-byte LBAs (loop --sector-size 4096), nguid only
brick_nvme_ns vol1 1 /var/tmp/nvme1.img 1G "" 7c1a2b3c-4d5e-4f60-8172-839405a6b7c8 0a1b2c3d-4e5f-4061-8273-8495a6b7c8d9
brick_nvme_ns vol1 2 /var/tmp/nvme2.img 1G 4096 0 1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9
brick_nvme_ns_loop vol1 1; brick_fact nvme-ns1-loop "$BRICK_NVME_LOOP"
brick_nvme_ns_loop vol1 2; NS2_LOOP=$BRICK_NVME_LOOP; brick_fact nvme-ns2-loop "$NS2_LOOP"
brick_file "/sys/block/$(basename "$NS2_LOOP")/queue/logical_block_size"
brick_nvme_export vol1
brick_file "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/namespaces/1/device_uuid" "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/namespaces/1/device_nguid" "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/namespaces/2/device_uuid" "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/namespaces/2/device_nguid" "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/attr_serial" "$BRICK_NVMET/subsystems/$BRICK_NVME_NQN/attr_model"
brick_nvme_host
brick_run nvme-connect-1 nvme connect -t tcp -a 127.0.0.1 -s 4420 -n "$BRICK_NVME_NQN"
brick_run nvme-connect-2 nvme connect -t tcp -a 127.0.0.2 -s 4420 -n "$BRICK_NVME_NQN"
if [ "$nvme_mp" = N ]; then
  brick_wait nvme-namespaces 20 '[ -e /sys/block/nvme0n1 ] && [ -e /sys/block/nvme1n1 ] && [ -e /sys/block/nvme0n2 ] && [ -e /sys/block/nvme1n2 ]'
else
  brick_wait nvme-namespaces 20 '[ -e /sys/block/nvme0n1 ] && [ -e /sys/block/nvme0n2 ] && [ -e /sys/class/nvme/nvme1/nvme0c1n1 ]'
fi
udevadm settle

brick_section nvme-sysfs
brick_file /sys/module/nvme_core/parameters/multipath
brick_run ls-class-nvme ls -l /sys/class/nvme/
brick_link /sys/class/nvme/nvme0 /sys/class/nvme/nvme1
brick_run ls-nvme0 ls /sys/class/nvme/nvme0/
for c in nvme0 nvme1; do
  brick_file "/sys/class/nvme/$c/subsysnqn" "/sys/class/nvme/$c/state" "/sys/class/nvme/$c/transport" \
    "/sys/class/nvme/$c/address" "/sys/class/nvme/$c/cntlid" "/sys/class/nvme/$c/model" "/sys/class/nvme/$c/serial" \
    "/sys/class/nvme/$c/firmware_rev" "/sys/class/nvme/$c/hostnqn" "/sys/class/nvme/$c/queue_count" \
    "/sys/class/nvme/$c/dev" "/sys/class/nvme/$c/numa_node" "/sys/class/nvme/$c/ctrl_loss_tmo" \
    "/sys/class/nvme/$c/reconnect_delay" "/sys/class/nvme/$c/fast_io_fail_tmo" "/sys/class/nvme/$c/uevent"
  brick_link "/sys/class/nvme/$c/subsystem" "/sys/class/nvme/$c/device"
  brick_run "ls-l-rescan-$c" ls -l "/sys/class/nvme/$c/rescan_controller" "/sys/class/nvme/$c/reset_controller" "/sys/class/nvme/$c/delete_controller"
done
for ns in /sys/class/nvme/nvme0/nvme* /sys/class/nvme/nvme1/nvme*; do
  [ -e "$ns/size" ] || continue
  n=$(basename "$ns")
  brick_link "$ns"
  brick_run "ls-ns-$n" ls "$ns/"
  brick_file "$ns/size" "$ns/uuid" "$ns/nguid" "$ns/wwid" "$ns/nsid" "$ns/eui" "$ns/ana_state" "$ns/ana_grpid" \
    "$ns/queue/logical_block_size" "$ns/dev" "$ns/hidden" "$ns/uevent"
  brick_link "$ns/device"
done
brick_run ls-sys-block ls /sys/block/
brick_run ls-l-sys-block ls -l /sys/block/
for b in /sys/block/nvme*; do
  n=$(basename "$b")
  brick_run "ls-sysblock-$n" ls "$b/"
  brick_file "$b/size" "$b/uuid" "$b/nguid" "$b/wwid" "$b/nsid" "$b/eui" "$b/queue/logical_block_size" \
    "$b/queue/physical_block_size" "$b/hidden" "$b/dev" "$b/uevent"
  brick_link "$b/device"
  brick_run "ls-holders-$n" ls -l "$b/holders/"
  brick_run "ls-slaves-$n" ls -l "$b/slaves/"
  [ -e "$b/multipath" ] && brick_run "ls-multipath-$n" ls -l "$b/multipath/"
done
brick_fact exists-/sys/block/nvme0c0n1 "$([ -e /sys/block/nvme0c0n1 ] && echo yes || echo no)"
brick_fact exists-/dev/nvme0c0n1 "$([ -e /dev/nvme0c0n1 ] && echo yes || echo no)"
brick_run ls-dev-nvme sh -c 'ls -l /dev/nvme*'
brick_run ls-class-nvme-subsystem ls -l /sys/class/nvme-subsystem/
for s in /sys/class/nvme-subsystem/nvme-subsys*; do
  brick_link "$s"
  brick_run "ls-$(basename "$s")" ls -l "$s/"
  brick_file "$s/subsysnqn" "$s/iopolicy" "$s/model" "$s/serial" "$s/subsystype" "$s/uevent"
done
brick_run ls-by-id-nvme ls -l /dev/disk/by-id/
brick_links_in /dev/disk/by-id
brick_run ls-by-path-nvme ls -l /dev/disk/by-path/
brick_run nvme-list nvme list
brick_run nvme-list-v nvme list -v
brick_run nvme-list-subsys nvme list-subsys
brick_run nvme-list-json nvme list -o json
brick_run nvme-id-ns-2 nvme id-ns /dev/nvme0n2 -H
brick_run udevadm-info-nvme0n1 udevadm info --query=property /dev/nvme0n1
[ "$MODE" = all ] && brick_run mp-show-paths-with-nvme multipathd show paths

brick_section nvme-grow
if [ "$nvme_mp" = N ]; then NSN="nvme0n1 nvme1n1"; NS2="nvme0n2 nvme1n2"; else NSN="nvme0n1 nvme0c0n1 nvme0c1n1"; NS2="nvme0n2 nvme0c0n2 nvme0c1n2"; fi
# hidden paths live under the controller: /sys/class/nvme/nvmeX/nvme0cXnY
hsz() { for _d in "$@"; do
  case $_d in nvme*c*n*) _c=${_d#nvme*c}; _c=nvme${_c%%n*}; printf '%s=%s ' "$_d" "$(cat /sys/class/nvme/$_c/$_d/size 2>/dev/null || echo '<absent>')";;
  *) printf '%s=%s ' "$_d" "$(cat /sys/block/$_d/size 2>/dev/null || echo '<absent>')";; esac; done; echo; }
brick_fact nvme-sizes-before "$(hsz $NSN $NS2)"
t=$(brick_ms)
brick_nvme_grow vol1 1 2G
echo "BRICK|time|nvme-revalidate-write|$(( $(brick_ms) - t ))"
brick_watch nvme-ns1-after-revalidate 4 /sys/block/${NSN%% *}/size
brick_fact nvme-sizes-after-revalidate "$(hsz $NSN $NS2)"
# ns2 (4K): grow the backing without revalidate_size, then rescan_controller
brick_nvme_grow_quiet vol1 2 2G
sleep 2
brick_fact nvme-ns2-sizes-no-revalidate-2s "$(hsz $NSN $NS2)"
brick_run rescan-controller-nvme0 sh -c 'echo 1 > /sys/class/nvme/nvme0/rescan_controller'
brick_watch nvme-ns2-after-rescan-nvme0 3 /sys/block/${NS2%% *}/size
brick_fact nvme-sizes-after-rescan-nvme0 "$(hsz $NSN $NS2)"
brick_run rescan-controller-nvme1 sh -c 'echo 1 > /sys/class/nvme/nvme1/rescan_controller'
sleep 1
brick_fact nvme-sizes-after-rescan-nvme1 "$(hsz $NSN $NS2)"
brick_run nvme-ns-rescan nvme ns-rescan /dev/nvme0
brick_file "/sys/block/${NS2%% *}/queue/logical_block_size" "/sys/block/${NS2%% *}/size"
brick_run nvme-list-after-grow nvme list
brick_run dmesg-nvme sh -c 'dmesg | grep -i nvme | tail -n 30'

if [ "$nvme_mp" = N ]; then
  brick_section dm-multipath-over-nvme
  brick_multipathd_start
  brick_wait nvme-dm-maps 30 '[ "$(ls /sys/block/dm-0/slaves 2>/dev/null | wc -l)" = 2 ] && [ "$(ls /sys/block/dm-1/slaves 2>/dev/null | wc -l)" = 2 ]'
  udevadm settle
  brick_run mp-show-maps-nvme multipathd show maps
  brick_run mp-show-paths-nvme multipathd show paths
  brick_run multipath-ll-nvme multipath -ll
  for d in /sys/block/dm-*; do
    brick_file "$d/dm/uuid" "$d/dm/name" "$d/size"
    brick_run "ls-slaves-$(basename "$d")" ls -l "$d/slaves/"
  done
  brick_run ls-by-id-nvme-dm ls -l /dev/disk/by-id/
  DM=$(basename "$(readlink -f /sys/block/nvme0n1/holders/* | head -n1)")
  brick_fact nvme-ns1-map "$DM"
  brick_nvme_grow vol1 1 3G
  sleep 2
  brick_fact nvme-dm-sizes-after-grow "$(sizes nvme0n1 nvme1n1 "$DM")"
  brick_run resize-nvme-dm multipathd resize map "/dev/$DM"
  brick_fact nvme-dm-sizes-after-resize "$(sizes nvme0n1 nvme1n1 "$DM")"
fi

brick_section end
brick_run dmesg-errors sh -c 'dmesg --level=err,warn | tail -n 30'
exit 0
