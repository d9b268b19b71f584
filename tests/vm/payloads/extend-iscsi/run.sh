#!/bin/sh
# Real-kernel test of `brick-worker extend` over iSCSI (LIO, 2 portals) + dm-multipath:
# grow the LUN 1 GiB -> 2 GiB, run the worker, then replay the same request.
# Payload dir: this run.sh + brick-worker/ (the worker publish output); build it with
#   tests/vm/payloads/extend-iscsi/prepare.sh OUTDIR && tests/vm/run-vm.sh OUTDIR OUT
# Result lines: BRICK|result|<label>|rc=<rc>|<stdout json>  (stderr as BRICK|err|<label>|…)
. /payload/guest/lib.sh
. /payload/guest/iscsi.sh

W=/payload/brick-worker/brick-worker
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
size_of() { cat "/sys/block/$1/size" 2>/dev/null || echo '<absent>'; }
sizes() { _s=""; for _d in "$@"; do _s="$_s $_d=$(size_of "$_d")"; done; echo "${_s# }"; }

brick_section versions
brick_run uname uname -r
brick_fact uname-r "$(uname -r)"

brick_section iscsi-setup
brick_iscsi_target /var/tmp/iscsi.img 1G
brick_iscsi_initiator
brick_run iscsi-discovery iscsiadm -m discovery -t sendtargets -p 127.0.0.1:3260
brick_run iscsi-login-1 iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p 127.0.0.1:3260 --login
brick_run iscsi-login-2 iscsiadm -m node -T "$BRICK_ISCSI_IQN" -p 127.0.0.2:3260 --login
brick_wait iscsi-by-path-links 20 "[ -e /dev/disk/by-path/ip-127.0.0.1:3260-iscsi-$BRICK_ISCSI_IQN-lun-0 ] && [ -e /dev/disk/by-path/ip-127.0.0.2:3260-iscsi-$BRICK_ISCSI_IQN-lun-0 ]"
udevadm settle
P1=$(brick_iscsi_sd 127.0.0.1); P2=$(brick_iscsi_sd 127.0.0.2)
brick_fact paths "$P1 $P2"
brick_multipathd_start
brick_wait dm-0-with-2-slaves 30 '[ "$(ls /sys/block/dm-0/slaves 2>/dev/null | wc -l)" = 2 ]'
udevadm settle
WWID=$(cat "/sys/block/$P1/device/wwid")
MPID="3${WWID#naa.}"
brick_fact path-wwid "$WWID"; brick_fact multipath-id "$MPID"
brick_file /sys/block/dm-0/dm/uuid /sys/block/dm-0/dm/name
brick_fact sizes-before "$(sizes "$P1" "$P2" dm-0)"

brick_section grow
brick_iscsi_grow 2G
NEW=2147483648
cat > /tmp/req.json <<JSON
{"volumeId":"vol-1","host":"brick-vm","newSizeBytes":$NEW,"connection":{"driverVolumeType":"iscsi","data":{"target_portals":["127.0.0.1:3260","127.0.0.2:3260"],"target_iqns":["$BRICK_ISCSI_IQN","$BRICK_ISCSI_IQN"],"target_luns":[0,0],"multipath_id":"$MPID"}}}
JSON
brick_file /tmp/req.json

# run_worker LABEL : runs the worker, prints BRICK|result|LABEL|rc=N|<stdout>, stderr as BRICK|err
run_worker() {
  echo "BRICK|cmd|$1|$W extend --request /tmp/req.json --host brick-vm"
  brick_now; _t=$BRICK_NOW
  "$W" extend --request /tmp/req.json --host brick-vm </dev/null >/run/w.out 2>/run/w.err; _rc=$?
  brick_now; _t=$(( BRICK_NOW - _t ))
  _o=""; while IFS= read -r _line || [ -n "$_line" ]; do _o="$_o$_line"; done < /run/w.out
  echo "BRICK|result|$1|rc=$_rc|$_o"
  brick_prefix "BRICK|err|$1|" /run/w.err
  echo "BRICK|rc|$1|$_rc|$_t"
  brick_fact "sizes-after-$1" "$(sizes "$P1" "$P2" dm-0)"
}
run_worker iscsi-grow
brick_run mp-show-maps multipathd show maps raw format "%n %w %d %S %N"
run_worker iscsi-replay

brick_section end
brick_run dmesg-tail sh -c 'dmesg | tail -n 15'
exit 0
