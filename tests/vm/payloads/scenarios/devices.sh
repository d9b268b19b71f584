# Devices found by name, never by a fixed kernel name.  A locator is "KIND ARGS...":
#   link PATH                   the device a udev link leads to (/dev/disk/by-path/…)
#   dm-uuid UUID                the device-mapper device whose dm/uuid is UUID (mpath-<WWID>)
#   dm-name NAME                the device-mapper device called NAME (a LUKS mapping)
#   nvme-path NQN UUID TRADDR   the namespace UUID of subsystem NQN through the controller connected to
#                               TRADDR: a hidden path (nvmeXcYnZ) under native NVMe multipath, the
#                               controller's own namespace (nvmeXnZ) with nvme_core.multipath=N
#   nvme-head NQN UUID          the multipath head (nvmeXnZ) of that namespace (native NVMe multipath)
#   loop FILE                   the loop device backed by FILE
# locate KIND ARGS... sets LOCATED to the device's kernel name, or to "" when there is none.  Only
# `link` forks (readlink); the others read sysfs with shell builtins (forks cost ~50 ms under TCG).

locate() {
  LOCATED=""; _kind=$1; shift
  case $_kind in
    link) locate_link "$@" ;;
    dm-uuid) locate_dm_uuid "$@" ;;
    dm-name) locate_dm_name "$@" ;;
    nvme-path) locate_nvme_path "$@" ;;
    nvme-head) locate_nvme_head "$@" ;;
    loop) locate_loop "$@" ;;
    *) echo "locate: no locator kind '$_kind'" >&2; return 2 ;;
  esac
  return 0
}

# the first line of FILE into _v ("" when FILE cannot be read)
read_first() { _v=""; { read -r _v < "$1"; } 2>/dev/null || true; }

locate_link() { [ -e "$1" ] && LOCATED=$(readlink -f "$1") && LOCATED=${LOCATED##*/}; }
locate_dm_uuid() {
  for _d in /sys/block/dm-*; do read_first "$_d/dm/uuid"; [ "$_v" = "$1" ] && LOCATED=${_d##*/}; done
}
locate_dm_name() {
  for _d in /sys/block/dm-*; do read_first "$_d/dm/name"; [ "$_v" = "$1" ] && LOCATED=${_d##*/}; done
}
locate_nvme_path() {
  for _c in /sys/class/nvme/nvme*; do
    read_first "$_c/subsysnqn"; [ "$_v" = "$1" ] || continue
    read_first "$_c/address"; case $_v in "traddr=$3,"*) ;; *) continue ;; esac
    for _ns in "$_c"/nvme*; do read_first "$_ns/uuid"; [ "$_v" = "$2" ] && LOCATED=${_ns##*/}; done
  done
}
locate_nvme_head() {
  for _s in /sys/class/nvme-subsystem/nvme-subsys*; do
    read_first "$_s/subsysnqn"; [ "$_v" = "$1" ] || continue
    for _ns in "$_s"/nvme*n*; do read_first "$_ns/uuid"; [ "$_v" = "$2" ] && LOCATED=${_ns##*/}; done
  done
}
locate_loop() {
  for _d in /sys/block/loop*; do read_first "$_d/loop/backing_file"; [ "$_v" = "$1" ] && LOCATED=${_d##*/}; done
}

# Roles: the devices a scenario looks at, one "ROLE KIND ARGS..." line each in ./roles (the volume
# fixtures write them; use_volume copies a volume's).
# role ROLE: sets LOCATED to the device that plays ROLE now; rc 1 when there is none
role() {
  LOCATED=""
  while read -r _role _locator; do
    # shellcheck disable=SC2086 # the locator's words are its arguments
    [ "$_role" = "$1" ] && { locate $_locator; break; }
  done < roles
  [ -n "$LOCATED" ]
}

# slaves_of DEVICE: sets SLAVES (" sda sdb") and SLAVE_COUNT, from /sys/block/DEVICE/slaves
slaves_of() {
  SLAVES=""; SLAVE_COUNT=0
  for _s in /sys/block/"$1"/slaves/*; do [ -e "$_s" ] && SLAVES="$SLAVES ${_s##*/}" && SLAVE_COUNT=$((SLAVE_COUNT + 1)); done
  return 0
}

# snapshot WHEN: ./WHEN, one line per role: "ROLE DEVICE SECTORS [SLAVE...]" (DEVICE and SECTORS "-"
# when there is no such device; sectors are /sys/block/DEVICE/size, 512-byte units; slaves only for
# device-mapper devices)
snapshot() {
  : > "$1"
  while read -r _role _locator; do
    # shellcheck disable=SC2086
    locate $_locator
    _dev=${LOCATED:--}; _sectors=-; SLAVES=""
    if [ -n "$LOCATED" ]; then
      read_first "/sys/block/$LOCATED/size"; _sectors=${_v:--}
      slaves_of "$LOCATED"
    fi
    echo "$_role $_dev $_sectors$SLAVES" >> "$1"
  done < roles
}
