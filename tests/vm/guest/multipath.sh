# dm-multipath: multipathd with find_multipaths no (a map at once for every path it may take),
# polling every 2 s.  Source after lib.sh.
# By default multipathd takes every path.  brick_multipath_only WWID_REGEX... limits it to paths whose
# WWID matches one of the listed regexes (blacklist wwid ".*" plus exceptions), so that a test can keep
# devices out of any map; brick_multipathd_apply then starts multipathd, or has it re-read its
# configuration if it runs and the configuration changed.
BRICK_MP_ONLY=/run/brick-multipath-only

# brick_multipath_conf FILE: the configuration from BRICK_MP_FRIENDLY (yes) and the list of brick_multipath_only
brick_multipath_conf() {
  {
    printf 'defaults {\n    user_friendly_names %s\n    find_multipaths no\n    polling_interval 2\n}\n' "${BRICK_MP_FRIENDLY:-yes}"
    if [ -s "$BRICK_MP_ONLY" ]; then
      printf 'blacklist {\n    wwid ".*"\n}\nblacklist_exceptions {\n'
      while IFS= read -r _w; do printf '    wwid "%s"\n' "$_w"; done < "$BRICK_MP_ONLY"
      printf '}\n'
    fi
  } > "$1"
}
brick_multipath_only() {
  for _w in "$@"; do
    grep -qxF "$_w" "$BRICK_MP_ONLY" 2>/dev/null || echo "$_w" >> "$BRICK_MP_ONLY"
  done
}
brick_multipathd_start() {
  brick_multipath_conf /etc/multipath.conf
  modprobe dm_multipath; modprobe dm_round_robin 2>/dev/null || true
  multipathd
  : > /run/brick-multipathd
}
brick_multipathd_apply() {
  [ -e /run/brick-multipathd ] || { brick_multipathd_start; return; }
  brick_multipath_conf /run/brick-multipath.conf
  cmp -s /run/brick-multipath.conf /etc/multipath.conf && return 0
  mv /run/brick-multipath.conf /etc/multipath.conf
  multipathd reconfigure
}
