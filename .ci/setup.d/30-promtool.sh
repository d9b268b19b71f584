# Sourced by .ci/run. The example alert rules (deploy/prometheus/alerts.yml) are checked and unit-tested with
# Prometheus' promtool, which Debian ships in its prometheus package (the server is installed too, and not started).
if [ -f deploy/prometheus/alerts.yml ] && ! command -v promtool >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
fi
