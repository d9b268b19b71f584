# Sourced by .ci/run. cinder-bridge's integration tests (tests/Brick.Worker.IntegrationTests/Cinder) make the
# notification with Cinder's own code: Debian's python3-cinder and python3-oslo.messaging, run by /usr/bin/python3
# (Debian 12: cinder 21.3.1 and oslo.messaging 14.0.3; 190 packages, 267 MiB installed, 198 s here with man-db's trigger).
if [ -d tests/Brick.Worker.IntegrationTests/Cinder ] && ! /usr/bin/python3 -c 'import cinder, oslo_messaging' 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-cinder python3-oslo.messaging \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-cinder python3-oslo.messaging; }
  /usr/bin/python3 -c 'import cinder, oslo_messaging'
fi
