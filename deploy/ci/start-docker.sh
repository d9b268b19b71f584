#!/usr/bin/env bash
# Installs (if needed) and starts a Docker engine on this machine, idempotently.
#   - installs Debian's docker.io when no dockerd is present (a lone docker client may already exist);
#   - starts dockerd in the background when `docker info` does not answer, logging to $BRICK_DOCKERD_LOG;
#   - waits (bounded by $BRICK_DOCKERD_TIMEOUT seconds) until the daemon answers, else fails loudly.
# Extra dockerd flags can be passed with $BRICK_DOCKERD_ARGS (e.g. "--storage-driver=vfs").
# No systemd is assumed: dockerd is run directly, and runs its own containerd.
set -euo pipefail

log_file="${BRICK_DOCKERD_LOG:-/var/log/brick-dockerd.log}"
timeout_s="${BRICK_DOCKERD_TIMEOUT:-60}"
pid_file=/var/run/docker.pid

say() { echo "start-docker: $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages and starts dockerd)"

docker_answers() { timeout 10 docker info >/dev/null 2>&1; }

if ! command -v dockerd >/dev/null 2>&1; then
  say "dockerd not found: installing docker.io from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # policy-rc.d (if present) stops the package from trying to start a service; we start dockerd below.
  apt-get install -y -q --no-install-recommends docker.io
fi
command -v docker >/dev/null 2>&1 || die "no docker client on PATH after installing docker.io"

if docker_answers; then
  say "Docker daemon already answering"
  exit 0
fi

# The pid of a live dockerd from its pid file, if any.
pidfile_dockerd() {
  local pid
  [ -s "$pid_file" ] || return 1
  pid=$(cat "$pid_file")
  kill -0 "$pid" 2>/dev/null && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] && echo "$pid"
}

# A dockerd may still be starting (e.g. launched by a concurrent run): only start one if none is alive.
running_pid=$(pidfile_dockerd || true)
if [ -n "$running_pid" ]; then
  say "dockerd (pid $running_pid) is running but not answering yet; waiting"
else
  mkdir -p "$(dirname "$log_file")"
  # Port publishing (as Testcontainers uses it) needs iptables NAT + ip forwarding; dockerd sets both up
  # itself. The storage driver is left to dockerd's own choice (overlay2 here, vfs as its last resort).
  # shellcheck disable=SC2086 # BRICK_DOCKERD_ARGS is a deliberately word-split list of flags
  setsid nohup dockerd ${BRICK_DOCKERD_ARGS:-} >>"$log_file" 2>&1 </dev/null &
  running_pid=$!
  say "started dockerd (pid $running_pid), log: $log_file"
fi

deadline=$((SECONDS + timeout_s))
until docker_answers; do
  # setsid forks when we lead a process group: then look for the live dockerd by name.
  if ! kill -0 "$running_pid" 2>/dev/null && ! pidfile_dockerd >/dev/null && ! pgrep -x dockerd >/dev/null 2>&1; then
    say "dockerd exited; last lines of $log_file:"
    tail -n 30 "$log_file" >&2 || true
    die "dockerd failed to start"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    say "last lines of $log_file:"
    tail -n 30 "$log_file" >&2 || true
    die "Docker daemon did not answer within ${timeout_s}s"
  fi
  sleep 1
done
say "Docker daemon ready ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
