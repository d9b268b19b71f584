#!/usr/bin/python3
"""A control plane that only knows the wire contract: publish VolumeExtended as raw JSON, read the outcome.

Usage: extend.py AMQP_URI HOST VOLUME_ID NEW_SIZE_BYTES DEVICE_PATH [TIMEOUT_S]
Needs pika (Debian: python3-pika). Declares the entities the contract documents, with the same arguments.
"""
import json
import sys
import uuid

import pika

uri, host, volume_id, size, device_path = sys.argv[1:6]
timeout_s = float(sys.argv[6]) if len(sys.argv) > 6 else 60

connection = pika.BlockingConnection(pika.URLParameters(uri))
channel = connection.channel()
channel.confirm_delivery()
channel.exchange_declare("brick.unrouted", "fanout", durable=True)
channel.exchange_declare("brick.volume-extended", "direct", durable=True,
                         arguments={"alternate-exchange": "brick.unrouted"})
for name in ("brick.host-volume-resized", "brick.host-volume-resize-failed"):
    channel.exchange_declare(name, "topic", durable=True)

# A private queue for this client's answers, bound to both outcome exchanges with the host as key.
answers = channel.queue_declare("", exclusive=True).method.queue
for name in ("brick.host-volume-resized", "brick.host-volume-resize-failed"):
    channel.queue_bind(answers, name, routing_key=host)

correlation_id = str(uuid.uuid4())
request = {
    "volumeId": volume_id,
    "host": host,
    "newSizeBytes": int(size),
    "connection": {"driverVolumeType": "local", "data": {"device_path": device_path}},
}
channel.basic_publish("brick.volume-extended", host, json.dumps(request).encode(),
                      pika.BasicProperties(content_type="application/json", delivery_mode=2,
                                           correlation_id=correlation_id, message_id=str(uuid.uuid4())))

for method, properties, body in channel.consume(answers, inactivity_timeout=timeout_s):
    if method is None:
        sys.exit(f"no outcome within {timeout_s} s")
    channel.basic_ack(method.delivery_tag)
    outcome = json.loads(body)
    outcome = outcome.get("message", outcome)  # MassTransit envelope (default) or raw JSON
    if outcome.get("correlationId") != correlation_id:
        continue
    print(method.exchange, json.dumps(outcome, indent=2))
    sys.exit(0 if method.exchange == "brick.host-volume-resized" else 1)
