#!/usr/bin/python3
"""The demo's control plane: grows the simulated iSCSI volume of `brick-worker run --simulate` every few seconds.

Usage: publish-extends.py HOST [INTERVAL_S [COUNT]]   (COUNT 0, the default: forever)
The broker is BRICK_AMQP_URI (default amqp://guest:guest@localhost:5672/%2F): in the environment, not on the command
line, where every user of the machine could read its password. Publishes VolumeExtended as raw JSON, as a control plane that knows only the wire contract would, one GiB larger each
time, and prints each outcome it reads back (one line each). Needs pika (Debian: python3-pika).
"""
import json
import os
import sys
import time
import uuid

import pika

uri = os.environ.get("BRICK_AMQP_URI", "amqp://guest:guest@localhost:5672/%2F")
host = sys.argv[1]
interval_s = float(sys.argv[2]) if len(sys.argv) > 2 else 5
count = int(sys.argv[3]) if len(sys.argv) > 3 else 0
# The worker answers in a second or two; without an answer after this long the same size is sent again (extends are
# idempotent).
outcome_timeout_s = 30
gib = 1 << 30

# The volume `run --simulate` attaches (src/Brick.Worker/Service/SimulatedArray.cs): 10 GiB, two iSCSI paths under a
# multipath map, the WWID of the wire contract's example; its target IQN ends with the WWID's last 8 digits.
wwid = "3600a09803830447a4f244c4657616f6f"
iqn = f"iqn.2010-10.org.example:vol-{wwid[-8:]}"
portals = ["192.0.2.10:3260", "192.0.2.11:3260"]
connection_data = {"target_portals": portals, "target_iqns": [iqn] * len(portals), "target_luns": [1] * len(portals),
                   "scsi_wwn": wwid}


def log(text):
    print(f"publisher: {text}", flush=True)


def connect():
    """The broker may still be starting: try for two minutes."""
    deadline = time.monotonic() + 120
    while True:
        try:
            return pika.BlockingConnection(pika.URLParameters(uri))
        except pika.exceptions.AMQPConnectionError as e:
            if time.monotonic() > deadline:
                raise
            log(f"broker not reachable yet ({e!r}); trying again")
            time.sleep(2)


def wait_for_worker_queue(connection):
    """A message sent before the worker's queue is bound would wait in brick.unrouted: wait until the worker consumes
    from its queue (it declares the queue, binds it, then consumes)."""
    queue = f"brick-worker.{host}"
    deadline = time.monotonic() + 120
    while True:
        channel = connection.channel()
        try:
            consumers = channel.queue_declare(queue, passive=True).method.consumer_count
            channel.close()
            if consumers > 0:
                log(f"the worker consumes from {queue}; extending volume {wwid} every {interval_s:g} s")
                return
        except pika.exceptions.ChannelClosedByBroker:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"publisher: nobody consumes from {queue} after 120 s: is the worker running for host {host}?")
        time.sleep(1)


connection = connect()
wait_for_worker_queue(connection)
channel = connection.channel()
channel.confirm_delivery()
answers = channel.queue_declare("", exclusive=True).method.queue
for name in ("brick.host-volume-resized", "brick.host-volume-resize-failed"):
    channel.queue_bind(answers, name, routing_key=host)

sent = 0
size = 10 * gib
answered = True
while count == 0 or sent < count:
    if answered:
        size += gib
        sent += 1
    answered = False
    correlation_id = str(uuid.uuid4())
    request = {"volumeId": "vol-sim", "host": host, "newSizeBytes": size,
               "connection": {"driverVolumeType": "iscsi", "data": connection_data}}
    channel.basic_publish("brick.volume-extended", host, json.dumps(request).encode(),
                          pika.BasicProperties(content_type="application/json", delivery_mode=2,
                                               correlation_id=correlation_id, message_id=str(uuid.uuid4())))
    log(f"VolumeExtended vol-sim to {size} bytes sent (correlation {correlation_id})")
    for method, properties, body in channel.consume(answers, inactivity_timeout=outcome_timeout_s):
        if method is None:
            log(f"no outcome within {outcome_timeout_s} s; sending it again")
            break
        channel.basic_ack(method.delivery_tag)
        outcome = json.loads(body)
        outcome = outcome.get("message", outcome)  # MassTransit envelope (default) or raw JSON
        if outcome.get("correlationId") != correlation_id:
            continue
        log(f"{method.exchange} {json.dumps(outcome, separators=(',', ':'))}")
        answered = True
        break
    channel.cancel()
    if answered:
        time.sleep(interval_s)
connection.close()
