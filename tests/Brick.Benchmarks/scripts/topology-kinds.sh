#!/usr/bin/env bash
# What each part of a host's broker topology costs a three-node RabbitMQ cluster, by RabbitMQ's own memory kinds
# (docs/performance.md "Where a host's memory goes"). A measurement aid beside the fleet benchmark, which measures the
# services' real topology (HostDeclaration); this one declares design alternatives that the services do not, by hand:
#   floor  2 bare quorum queues, one binding each (the fleet benchmark's floor)
#   q      the 2 work queues (policies apply), bound straight from the shared exchanges: no exchange of the host's
#   qx     q, with each queue's own fanout exchange between (what MassTransit declares for a receive endpoint)
#   qe     q, with the 2 classic error queues bound to the dead-letter exchanges, no error exchanges
#   full   the topology the services declare: qx + error exchanges and classic error queues, dead-letter bindings
# Usage: topology-kinds.sh [--khepri] [HOSTS] [VARIANT...]   (as root, Docker running; HOSTS default 500;
#        variants default: floor q qx qe full). Image: BRICK_TEST_RABBITMQ_IMAGE (default brick/rabbitmq4:local).
# Needs /usr/bin/python3 with python3-pika. Each variant is declared on the same cluster after the ones before it;
# the kinds it prints are each node's growth ÷ HOSTS (after a full GC): compare the held kinds, not the process heaps.
set -euo pipefail
khepri=0; [ "${1:-}" = --khepri ] && { khepri=1; shift; }
hosts=${1:-500}; shift || true
variants=("$@"); [ ${#variants[@]} -gt 0 ] || variants=(floor q qx qe full)
image=${BRICK_TEST_RABBITMQ_IMAGE:-brick/rabbitmq4:local}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
id=kinds-$$; work=$(mktemp -d)
cleanup() { docker rm -f $id-1 $id-2 $id-3 >/dev/null 2>&1 || true; docker network rm $id >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
printf 'unset ERL_EPMD_ADDRESS\nRABBITMQ_CONFIG_FILE=/etc/rabbitmq/kinds.conf\nexport RABBITMQ_CONFIG_FILE\n' > "$work/env"
printf 'listeners.tcp.default = 5672\nloopback_users = none\nlog.console = true\nlog.console.level = warning\nlog.file = false\n' > "$work/conf"
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr a-f A-F > "$work/cookie"; chmod 400 "$work/cookie"
docker network create $id >/dev/null
for n in 1 2 3; do
  docker create --name $id-$n --hostname $id-$n --network $id -e RABBITMQ_NODENAME=rabbit@$id-$n "$image" >/dev/null
  docker cp "$work/env" $id-$n:/etc/rabbitmq/rabbitmq-env.conf; docker cp "$work/conf" $id-$n:/etc/rabbitmq/kinds.conf
  docker cp "$work/cookie" $id-$n:/var/lib/rabbitmq/.erlang.cookie; docker start $id-$n >/dev/null
done
for n in 1 2 3; do docker exec $id-$n rabbitmqctl -q await_startup --timeout 180; done
for n in 2 3; do
  docker exec $id-$n rabbitmqctl -q stop_app; docker exec $id-$n rabbitmqctl -q join_cluster rabbit@$id-1; docker exec $id-$n rabbitmqctl -q start_app
done
[ $khepri = 0 ] || docker exec $id-1 rabbitmqctl -q enable_feature_flag --opt-in khepri_db
docker cp "$repo/deploy/rabbitmq/definitions.json" $id-1:/tmp/definitions.json
docker exec $id-1 rabbitmqctl -q import_definitions /tmp/definitions.json
ips=$(for n in 1 2 3; do docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' $id-$n; done | tr '\n' ' ')
echo "cluster $id ($image, metadata store: $([ $khepri = 1 ] && echo khepri || echo mnesia)); $hosts hosts per variant; KiB per host, node 1 2 3"
for v in "${variants[@]}"; do
  /usr/bin/python3 - "$id" "$v" "$hosts" $ips <<'PY'
import json, subprocess, sys, threading, time, pika
cid, variant, n, ips = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
def kinds():
    for k in (1, 2, 3): subprocess.run(["docker", "exec", f"{cid}-{k}", "rabbitmqctl", "-q", "force_gc"], check=True, capture_output=True)
    out = []
    for k in (1, 2, 3):
        s = json.loads(subprocess.run(["docker", "exec", f"{cid}-{k}", "rabbitmqctl", "-q", "status", "--formatter", "json"], check=True, capture_output=True, text=True).stdout)
        m = s["memory"]; out.append({key: v for key, v in m.items() if isinstance(v, int)} | {"erlang total": m["total"]["erlang"]})
    return out
def host(ch, h):
    for svc, src, dlx in (("brick-worker", "brick.volume-extended", "brick.worker-dead-letter"), ("brick-blockresize", "brick.host-volume-resized", "brick.blockresize-dead-letter")):
        q = f"{svc}.{h}"
        if variant == "floor":
            q = f"floor-{svc}-{h}"
            ch.queue_declare(q, durable=True, arguments={"x-queue-type": "quorum"}); ch.queue_bind(q, "amq.direct", q); continue
        ch.queue_declare(q, durable=True, arguments={"x-queue-type": "quorum"})
        if variant in ("q", "qe"): ch.queue_bind(q, src, h)
        else: ch.exchange_declare(q, "fanout", durable=True); ch.queue_bind(q, q, ""); ch.exchange_bind(q, src, h)
        if variant in ("qe", "full"):
            e = q + "_error"
            if variant == "full": ch.exchange_declare(e, "fanout", durable=True)
            ch.queue_declare(e, durable=True, arguments={"x-queue-type": "classic"})
            if variant == "full": ch.queue_bind(e, e, "")
            ch.queue_bind(e, dlx, h)
failed = []
def declarer(k):
    try:
        c = pika.BlockingConnection(pika.ConnectionParameters(host=ips[k], credentials=pika.PlainCredentials("guest", "guest")))
        ch = c.channel()
        for i in range(k, n, 3): host(ch, f"{variant}-h{i:05d}")
        c.close()
    except Exception as e:
        failed.append(f"declarer {k + 1}: {e!r}")
before = kinds(); started = time.time()
threads = [threading.Thread(target=declarer, args=(k,)) for k in range(3)]
[t.start() for t in threads]; [t.join() for t in threads]
if failed: sys.exit(f"{variant}: not every host was declared, no figures: " + "; ".join(failed))
took = time.time() - started; after = kinds()
print(f"== {variant}: declared in {took:.0f} s")
names = set().union(*(a.keys() for a in after)) - {"allocated_unused", "reserved_unallocated"}
rows = {k: [(after[i].get(k, 0) - before[i].get(k, 0)) / n / 1024 for i in range(3)] for k in names}
for k, v in sorted(rows.items(), key=lambda kv: -abs(sum(kv[1]))):
    if max(abs(x) for x in v) >= 0.4: print(f"  {k:26s}" + "".join(f"{x:8.1f}" for x in v))
PY
done
