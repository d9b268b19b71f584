#!/usr/bin/python3
"""Cinder's own code announces that a volume has grown, as a Cinder volume service does after an extend.

Run with Debian's /usr/bin/python3 (python3-cinder, python3-oslo.messaging). It makes a Cinder database on SQLite
with Cinder's own migrations, creates an in-use volume and its attachments with Cinder's own objects, stores each
attachment's connection the way Cinder's volume manager does (VolumeManager._connection_create flattens the driver's
`data` next to `driver_volume_type` and adds `attachment_id`), and calls Cinder's own
volume_utils.notify_about_volume_usage(context, volume, "resize.end", extra_usage_info={"size": N}) with
oslo.messaging's notifier (driver messagingv2, topic notifications) on TRANSPORT_URL.

Usage: cinder_resize_notification.py TRANSPORT_URL WORKDIR SPEC_JSON
SPEC_JSON: {"old_size": 1, "new_size": 2, "times": 1, "exchange": null,
            "attachments": [{"host": ..., "instance_uuid": null | "...", "connection": null | {"driver_volume_type": ..., "data": {...}}}]}
Prints one JSON line: {"volume_id": ..., "attachments": [{"id": ..., "host": ...}]}.
"""
import json
import os
import sys
import types

from oslo_config import cfg


def main(transport_url, workdir, spec):
    from cinder import objects
    objects.register_all()
    from cinder.common import config  # noqa: F401  (registers Cinder's options)
    from cinder import context, db, rpc
    from cinder.db import migration
    from cinder.volume import manager, volume_utils

    # Configured as a Cinder volume service is, through its configuration file.
    path = os.path.join(workdir, "cinder.conf")
    with open(path, "w") as f:
        f.write("[DEFAULT]\nhost = cinder-volume-sim\ntransport_url = %s\n" % transport_url)
        if spec.get("exchange"):
            f.write("control_exchange = %s\n" % spec["exchange"])
        f.write("[database]\nconnection = sqlite:///%s\n" % os.path.join(workdir, "cinder.sqlite"))
        f.write("[oslo_messaging_notifications]\ndriver = messagingv2\ntopics = notifications\n")
    conf = cfg.CONF
    conf(["--config-file", path], project="cinder", default_config_files=[])
    migration.db_sync()
    rpc.init(conf)
    _tolerate_sanitized_context()

    ctxt = context.get_admin_context()
    volume = objects.Volume(ctxt, size=spec["old_size"], status="in-use", attach_status="attached",
                            host="cinder-volume-sim@lvm#lvm", project_id="project-1", user_id="user-1",
                            availability_zone="nova", display_name="bridged")
    volume.create()

    # A stand-in for the backend driver: validate_connector, create_export and initialize_connection as a driver
    # answers them, the rest of _connection_create (and _parse_connection_options) Cinder's own.
    made = []
    for given in spec["attachments"]:
        attachment = objects.VolumeAttachment(ctxt, volume_id=volume.id, attached_host=given["host"],
                                              instance_uuid=given.get("instance_uuid"), attach_status="reserved",
                                              attach_mode="rw")
        attachment.create()
        if given.get("connection") is not None:
            answer = given["connection"]
            driver = types.SimpleNamespace(validate_connector=lambda connector: None,
                                           create_export=lambda c, v, connector: None,
                                           remove_export=lambda c, v: None,
                                           configuration=types.SimpleNamespace(safe_get=lambda name: None),
                                           initialize_connection=lambda v, connector, a=answer: json.loads(json.dumps(a)))
            fake = types.SimpleNamespace(driver=driver, db=db)
            fake._parse_connection_options = lambda c, v, info, f=fake: manager.VolumeManager._parse_connection_options(f, c, v, info)
            connector = {"host": given["host"], "multipath": True, "initiator": "iqn.1993-08.org.debian:01:" + given["host"]}
            connection_info = manager.VolumeManager._connection_create(fake, ctxt, volume, attachment, connector)
            # What cinder.volume.api.API.attachment_update does with the manager's answer.
            attachment = objects.VolumeAttachment.get_by_id(ctxt, attachment.id)
            attachment.connection_info = connection_info
            attachment.save()
            # The host has connected: the attachment is complete (attach_status "attached").
            attachment.finish_attach(attachment.instance_uuid, given["host"], "/dev/vdb", "rw")
        made.append({"id": attachment.id, "host": given["host"]})

    volume.refresh()
    volume.size = spec["new_size"]
    volume.save()
    for _ in range(spec.get("times", 1)):
        volume_utils.notify_about_volume_usage(ctxt, volume, "resize.end", extra_usage_info={"size": spec["new_size"]})
    rpc.cleanup()
    print(json.dumps({"volume_id": volume.id, "attachments": made}))


def _tolerate_sanitized_context():
    """Debian 12's python3-oslo.messaging 14.0.3-0+deb12u1 rebuilds the context of every notification from a few safe
    keys (notifier._sanitize_context), without read_deleted; Cinder 21.3.1's RequestContext.from_dict passes that on as
    None, which its setter refuses (ValueError), so no notification leaves. Only where that is so, a missing
    read_deleted is taken as RequestContext's own default, "no" (docs/cinder.md)."""
    from cinder import context
    try:
        context.RequestContext.from_dict({"user_id": "u", "project_id": "p"})
        return
    except ValueError:
        pass
    original = context.RequestContext.from_dict.__func__

    def from_dict(cls, values):
        return original(cls, dict(values, read_deleted=values.get("read_deleted") or "no"))
    context.RequestContext.from_dict = classmethod(from_dict)
    print("shim: RequestContext.from_dict takes a context without read_deleted (oslo.messaging's sanitized one)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]))
