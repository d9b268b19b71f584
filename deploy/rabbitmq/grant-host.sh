#!/usr/bin/env bash
# Gives one compute host's broker user exactly what brick-worker `run` and `blockresize` of that host need, and
# nothing of any other host (docs/security.md, "What a compromised host can and cannot do"):
#   configure  its own entities only: brick-worker.HOST and brick-blockresize.HOST, each with _error and _skipped
#              (MassTransit declares them); no shared exchange (configure would let it delete one);
#   write      its own entities, and the four outcome exchanges, which it publishes to;
#   read       its own entities, and brick.host-volume-resized (blockresize binds its queue from it);
#   topic      on each outcome exchange, write (publish) and read (bind) only with the routing key HOST;
# and binds, as the operator, brick.volume-extended -> brick-worker.HOST with key HOST (a host's user may not read
# brick.volume-extended, a direct exchange with no topic permissions: it could bind other hosts' keys) and
# brick.host-volume-resized -> brick-blockresize.HOST (key HOST). Nothing else of the host's is made: its error
# queues appear when its worker first moves a failure there (MassTransit declares them, as the user may), and what the
# broker dead-letters from its queues goes to the fleet's queues brick.worker-dead-letter and
# brick.blockresize-dead-letter (deploy/rabbitmq/definitions.json, docs/reliability.md), which a host's user may not
# read. Idempotent.
#
# Usage: grant-host.sh [--error-queue-type classic|quorum] HOST [USER]        (USER default: brick-worker-HOST)
#   --error-queue-type  read and checked, without effect: earlier versions made the host's error queues here (of
#                       that type); the worker now declares its own on its first failure, of its ErrorQueueType.
#                       --queue-type, this option's older name, is read the same.
# Needs: rabbitmqctl of the broker (run it on a broker node, or in its container), the user made first
#        (rabbitmqctl add_user USER, the password on stdin), and deploy/rabbitmq/definitions.json imported (the
#        shared exchanges the bindings start from). Environment: BRICK_VHOST (default /).
set -euo pipefail

die() { echo "grant-host: $*" >&2; exit 2; }
usage="usage: grant-host.sh [--error-queue-type classic|quorum] HOST [USER]"
queue_type=classic
if [ "${1:-}" = --error-queue-type ] || [ "${1:-}" = --queue-type ]; then
  [ $# -ge 2 ] || die "$usage"
  queue_type=$2
  shift 2
fi
case $queue_type in
  quorum|classic) ;;
  *) die "--error-queue-type: classic or quorum, not $queue_type" ;;
esac
[ $# -ge 1 ] && [ $# -le 2 ] || die "$usage"
host=$1
user=${2:-brick-worker-$host}
vhost=${BRICK_VHOST:-/}
# A host name as the worker accepts it (letters, digits, '.', '-', '_'): nothing a regex or JSON would read otherwise.
[[ $host =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$ ]] || die "not a host name: $host"

h=${host//./\\.}                                    # the host's name as a regex: its dots literal
own="brick-(worker|blockresize)\\.$h(_error|_skipped)?"
outcomes="brick\\.(host-volume-resized|host-volume-resize-failed|guest-disk-resized|guest-disk-resize-failed)"

rabbitmqctl set_permissions -p "$vhost" "$user" \
  "^$own\$" \
  "^($own|$outcomes)\$" \
  "^($own|brick\\.host-volume-resized)\$"
for exchange in brick.host-volume-resized brick.host-volume-resize-failed brick.guest-disk-resized brick.guest-disk-resize-failed; do
  rabbitmqctl set_topic_permissions -p "$vhost" "$user" "$exchange" "^$h\$" "^$h\$"
done

definitions=$(mktemp)
trap 'rm -f "$definitions"' EXIT
v=${vhost//\\/\\\\}
v=${v//\"/\\\"}
cat >"$definitions" <<JSON
{
  "exchanges": [
    { "name": "brick-worker.$host", "vhost": "$v", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {} },
    { "name": "brick-blockresize.$host", "vhost": "$v", "type": "fanout", "durable": true, "auto_delete": false, "internal": false, "arguments": {} }
  ],
  "bindings": [
    { "source": "brick.volume-extended", "vhost": "$v", "destination": "brick-worker.$host", "destination_type": "exchange", "routing_key": "$host", "arguments": {} },
    { "source": "brick.host-volume-resized", "vhost": "$v", "destination": "brick-blockresize.$host", "destination_type": "exchange", "routing_key": "$host", "arguments": {} }
  ]
}
JSON
chmod 0644 "$definitions"
rabbitmqctl import_definitions "$definitions"
# The import finishes in the background: wait (up to 30 s) until the two bindings are there.
for _ in $(seq 60); do
  bound=$(rabbitmqctl -q list_bindings -p "$vhost" --no-table-headers source_name destination_name routing_key |
    awk -v h="$host" '$3 == h && (($1 == "brick.volume-extended" && $2 == "brick-worker." h) || ($1 == "brick.host-volume-resized" && $2 == "brick-blockresize." h))' | wc -l)
  [ "$bound" -ge 2 ] && exit 0
  sleep 0.5
done
die "the bindings of $host did not appear within 30 s (is deploy/rabbitmq/definitions.json imported?)"
