# Sourced by .ci/run. One integration test drives the worker from Python with pika (Debian's python3-pika), as a
# control plane that knows only the wire contract would (deploy/examples/extend.py).
if [ -d tests/Brick.Worker.IntegrationTests ] && ! /usr/bin/python3 -c 'import pika' 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pika
fi
