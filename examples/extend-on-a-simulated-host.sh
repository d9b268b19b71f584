#!/usr/bin/env bash
# Shows `brick-worker extend` doing its main job on this machine, with no storage: it lays out a sysfs and /dev
# tree for a two-path multipath iSCSI volume whose LUN the array has grown from 10 GiB to 20 GiB (the paths'
# capacity already changed, as after a rescan), a stand-in multipathd that resizes the map as the real one would,
# then runs the worker against them and prints the HostVolumeResized it answers.
# It is written in plain shell on purpose, apart from Brick.Simulation: an independent check of the worker against a
# tree laid out by hand, not by the simulated host the tests use (whose stand-in programs, SimulatedHost.Programs,
# answer from inside the test process and so cannot serve a `dotnet run` of its own).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tree=$(mktemp -d /tmp/brick-example-XXXXXX)
trap 'rm -rf "$tree"' EXIT
wwid=36001405f0c7b0e6f394f599b2f2b1e4f
iqn=iqn.2010-10.org.example:vol-5f0c
gib=$((1 << 30))
sectors() { echo $(($1 / 512)); }

mkdir -p "$tree"/sys/block "$tree"/dev/disk/by-path "$tree"/dev/disk/by-id
dm="$tree/sys/devices/virtual/block/dm-3"
mkdir -p "$dm/dm" "$dm/slaves" "$dm/holders"
sectors $((10 * gib)) > "$dm/size"; echo "mpath-$wwid" > "$dm/dm/uuid"; echo mpatha > "$dm/dm/name"
ln -s ../devices/virtual/block/dm-3 "$tree/sys/block/dm-3"
touch "$tree/dev/dm-3"; ln -s ../../dm-3 "$tree/dev/disk/by-id/dm-uuid-mpath-$wwid"
for i in 0 1; do
  disk=sd$(printf "\\x$(printf %x $((99 + i)))")          # sdc, sdd
  dev="$tree/sys/devices/platform/host$((2 + i))/session$((1 + i))/target$((2 + i)):0:0/$((2 + i)):0:0:1"
  mkdir -p "$dev/block/$disk/holders"
  echo running > "$dev/state"; echo "naa.${wwid#3}" > "$dev/wwid"; : > "$dev/rescan"
  sectors $((20 * gib)) > "$dev/block/$disk/size"
  ln -s ../../../$((2 + i)):0:0:1 "$dev/block/$disk/device"
  ln -s "../devices/platform/host$((2 + i))/session$((1 + i))/target$((2 + i)):0:0/$((2 + i)):0:0:1/block/$disk" "$tree/sys/block/$disk"
  ln -s "../../../../../../../../virtual/block/dm-3" "$dev/block/$disk/holders/dm-3"
  ln -s "../../../../platform/host$((2 + i))/session$((1 + i))/target$((2 + i)):0:0/$((2 + i)):0:0:1/block/$disk" "$dm/slaves/$disk"
  touch "$tree/dev/$disk"
  ln -s "../../$disk" "$tree/dev/disk/by-path/ip-192.0.2.1$i:3260-iscsi-$iqn-lun-1"
done

cat > "$tree/multipathd" <<SCRIPT
#!/bin/sh
# Stand-in for multipath-tools: 'resize map /dev/dm-N' takes the size of the map's paths.
[ "\$1 \$2" = "resize map" ] || { echo fail; exit 1; }
map=\${3#/dev/}
size=\$(cat "$tree/sys/block/\$map/slaves/"*/size | sort -u)
[ \$(echo "\$size" | wc -l) = 1 ] || { echo fail; exit 1; }
echo "\$size" > "$tree/sys/block/\$map/size"
echo ok
SCRIPT
chmod +x "$tree/multipathd"

cat > "$tree/request.json" <<JSON
{"volumeId": "5f0c7b0e-6f39-4f59-9b2f-2b1e4f4a8c11", "host": "compute-07", "newSizeBytes": $((20 * gib)),
 "connection": {"driverVolumeType": "iscsi", "data": {
   "target_portals": ["192.0.2.10:3260", "192.0.2.11:3260"], "target_iqns": ["$iqn", "$iqn"], "target_luns": [1, 1],
   "multipath_id": "$wwid"}}}
JSON

dotnet run --project "$here/src/Brick.Worker" -- extend --request "$tree/request.json" --host compute-07 \
  --sys-root "$tree/sys" --dev-root "$tree/dev" --multipathd "$tree/multipathd"
