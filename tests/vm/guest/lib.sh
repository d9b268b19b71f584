# Brick test VM guest helpers: result lines on the console.  Source from a payload:
#   . /payload/guest/lib.sh
# Line formats (one record per line, fields separated by '|'):
#   BRICK|note|<label>|<text>
#   BRICK|cmd|<label>|<command line>            a command is about to run
#   BRICK|out|<label>|<line>                    each stdout line of it
#   BRICK|err|<label>|<line>                    each stderr line of it
#   BRICK|rc|<label>|<exit code>|<elapsed ms>
#   BRICK|file|<path>|<line>                    each line of a file (empty file: no line)
#   BRICK|link|<path>|<readlink>|<readlink -f>
#   BRICK|fact|<key>|<value>                    single derived values
#   BRICK|time|<label>|<ms>
# Labels must not contain '|'.
BRICK_DIR=${BRICK_DIR:-/payload/guest}
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# Forks are expensive under TCG (~30 ms each): these helpers use shell builtins where
# they can.  brick_ms: milliseconds since boot, 10 ms resolution, no fork.
brick_now() { read -r _up _rest < /proc/uptime; _i=${_up%.*}; _fr=${_up#*.}; BRICK_NOW=$(( _i * 1000 + ${_fr#0} * 10 )); }
brick_ms() { brick_now; echo "$BRICK_NOW"; }
brick_note() { echo "BRICK|note|$1|$2"; }
brick_fact() { echo "BRICK|fact|$1|$2"; }
brick_section() { read -r _up _rest < /proc/uptime; echo "BRICK|section|$1|uptime=$_up"; }
# brick_prefix PREFIX FILE : each line of FILE, prefixed (no fork)
brick_prefix() { while IFS= read -r _line || [ -n "$_line" ]; do printf '%s%s\n' "$1" "$_line"; done < "$2"; }

# brick_run LABEL CMD ARGS...   (no shell; stdin is /dev/null)
brick_run() {
  _l=$1; shift
  echo "BRICK|cmd|$_l|$*"
  brick_now; _t=$BRICK_NOW
  "$@" </dev/null >/run/brick.out 2>/run/brick.err; _rc=$?
  brick_now; _t=$(( BRICK_NOW - _t ))
  brick_prefix "BRICK|out|$_l|" /run/brick.out
  brick_prefix "BRICK|err|$_l|" /run/brick.err
  echo "BRICK|rc|$_l|$_rc|$_t"
  return $_rc
}
# brick_sh LABEL 'shell snippet'
brick_sh() { _sl=$1; shift; brick_run "$_sl" sh -c "$*"; }

brick_file() {
  for _f in "$@"; do
    if [ ! -e "$_f" ]; then echo "BRICK|file|$_f|<absent>"
    elif [ -d "$_f" ]; then echo "BRICK|file|$_f|<directory>"
    else
      _n=0
      if { while IFS= read -r _line || [ -n "$_line" ]; do echo "BRICK|file|$_f|$_line"; _n=1; done < "$_f"; } 2>/dev/null; then
        [ $_n = 1 ] || echo "BRICK|file|$_f|"
      else echo "BRICK|file|$_f|<unreadable>"; fi
    fi
  done
}
brick_link() { for _p in "$@"; do echo "BRICK|link|$_p|$(readlink "$_p" 2>&1)|$(readlink -f "$_p" 2>&1)"; done; }
brick_links_in() { for _p in "$1"/*; do [ -L "$_p" ] && brick_link "$_p"; done; }

# brick_wait_for TIMEOUT_S 'condition snippet' -> prints elapsed ms; rc 1 on timeout
brick_wait_for() {
  brick_now; _w0=$BRICK_NOW; _wt=$(( _w0 + $1 * 1000 ))
  while ! eval "$2" >/dev/null 2>&1; do
    brick_now; [ "$BRICK_NOW" -ge "$_wt" ] && { echo "timeout"; return 1; }
    sleep 0.05
  done
  brick_now; echo $(( BRICK_NOW - _w0 ))
}
# brick_wait LABEL TIMEOUT_S 'condition'  -> BRICK|time|LABEL|ms  (or timeout)
brick_wait() { _r=$(brick_wait_for "$2" "$3"); _rc=$?; echo "BRICK|time|$1|$_r"; return $_rc; }

# brick_watch LABEL SECONDS FILE...  : records value changes of files, 100 ms resolution
brick_watch() {
  _wl=$1; _ws=$2; shift 2
  brick_now; _w0=$BRICK_NOW; _end=$(( _w0 + _ws * 1000 )); _prev=""
  while brick_now; [ "$BRICK_NOW" -lt "$_end" ]; do
    _cur=""; for _f in "$@"; do _v='<absent>'; read -r _v < "$_f" 2>/dev/null; _cur="$_cur $_v"; done
    if [ "$_cur" != "$_prev" ]; then echo "BRICK|watch|$_wl|+$(( BRICK_NOW - _w0 ))ms|$* =$_cur"; _prev=$_cur; fi
    sleep 0.1
  done
}
modprobe loop 2>/dev/null; modprobe dm_mod 2>/dev/null
brick_dmesg() { dmesg | sed "s/^/BRICK|dmesg|$1|/"; }
