# Filters an `strace -f -e trace=execve,openat -o FILE` log (lines "PID call(...) = RC") to what the peer suite counts:
#   exec|PID|ARGV            a program started (execve returned 0); ARGV its arguments, space-separated
#   write|PID|RC|PATH        an open of a file under /sys for writing (O_WRONLY or O_RDWR); RC the fd or the error
#   mark|PID|NAME            os-brick-extend's markers around its extend call (an open of …/mark-begin, …/mark-end)
# A call another thread interrupted comes in two lines ("<unfinished ...>", then "<... execve resumed>"): the first
# is kept per PID until its result.
function result(s) { sub(/.*\) = /, "", s); return s }
function argv(s,   a) {
  if (!match(s, /\[("([^"\\]|\\.)*"(, )?)*\]/)) return "?"
  a = substr(s, RSTART + 1, RLENGTH - 2)
  gsub(/", "/, " ", a); gsub(/^"|"$/, "", a)
  return a
}
function emit(pid, call, s, rc) {
  if (call == "execve") {
    if (rc == "0") print "exec|" pid "|" argv(s)
  } else if (s ~ /"\/sys\// && s ~ /O_WRONLY|O_RDWR/) {
    p = s; sub(/^[^"]*"/, "", p); sub(/".*/, "", p)
    print "write|" pid "|" rc "|" p
  } else if (s ~ /\/mark-(begin|end)"/) {
    p = s; sub(/.*\/mark-/, "", p); sub(/".*/, "", p)
    print "mark|" pid "|" p
  }
}
{
  pid = $1
  s = $0; sub(/^[0-9]+ +/, "", s)
  if (s ~ /^<\.\.\. (execve|openat) resumed>/) {
    if (pid in pending) { emit(pid, pendcall[pid], pending[pid], result(s)); delete pending[pid] }
    next
  }
  if (s !~ /^(execve|openat)\(/) next
  call = substr(s, 1, index(s, "(") - 1)
  if (s ~ /<unfinished \.\.\.>$/) {
    if (call == "execve" || s ~ /"\/sys\// || s ~ /\/mark-(begin|end)"/) { pending[pid] = s; pendcall[pid] = call }
    next
  }
  emit(pid, call, s, result(s))
}
