#!/usr/bin/python3
"""Imports a RabbitMQ definitions file through the management HTTP API, as `rabbitmqctl import_definitions` would.

Usage: load-definitions.py MANAGEMENT_URL DEFINITIONS_FILE   (e.g. http://rabbitmq:15672 deploy/rabbitmq/definitions.json)
The user and password come from RABBITMQ_USER and RABBITMQ_PASSWORD (default guest/guest). Tries for two minutes
while the management listener is not up yet. Python's standard library only.
"""
import base64
import os
import sys
import time
import urllib.error
import urllib.request

url, path = sys.argv[1:3]
user = os.environ.get("RABBITMQ_USER", "guest")
password = os.environ.get("RABBITMQ_PASSWORD", "guest")
with open(path, "rb") as f:
    body = f.read()

token = base64.b64encode(f"{user}:{password}".encode()).decode()
request = urllib.request.Request(url.rstrip("/") + "/api/definitions", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": f"Basic {token}"})
deadline = time.monotonic() + 120
while True:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            print(f"load-definitions: {path} imported into {url} (HTTP {response.status})", flush=True)
            break
    except urllib.error.HTTPError as e:
        sys.exit(f"load-definitions: {url} refused {path}: HTTP {e.code} {e.read().decode(errors='replace')}")
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        if time.monotonic() > deadline:
            sys.exit(f"load-definitions: {url} not reachable: {e}")
        print(f"load-definitions: {url} not reachable yet ({e}); trying again", flush=True)
        time.sleep(2)
