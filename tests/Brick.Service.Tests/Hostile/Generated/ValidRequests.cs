namespace Brick.Service.Tests.Hostile.Generated;

/// <summary>The valid <c>VolumeExtended</c> requests the generator mutates: one per way of naming a volume in the wire contract.</summary>
internal static class ValidRequests
{
    public static IReadOnlyList<JObject> For(string host) =>
    [
        Request(host, "9d3e51c2-7a1b-4c0e-b6f4-52a8e0c7d913", "iscsi", new JObject(
            ("target_portals", new JArray(new JString("198.51.100.21:3260"), new JString("198.51.100.22:3260"))),
            ("target_iqns", new JArray(new JString("iqn.2004-01.com.example.array:tgt-a"), new JString("iqn.2004-01.com.example.array:tgt-b"))),
            ("target_luns", new JArray(new JNumber(4), new JNumber(4))),
            ("scsi_wwn", new JString("3600a098038304753663f4e6d53787a41")))),
        Request(host, "vol-0042", "iscsi", new JObject(
            ("target_portal", new JString("[2001:db8::15]:3260")),
            ("target_iqn", new JString("iqn.2004-01.com.example.array:tgt-a")),
            ("target_lun", new JNumber(0)),
            ("multipath_id", new JString("3600a098038304753663f4e6d53787a42")))),
        Request(host, "vol-0043", "fibre_channel", new JObject(
            ("target_wwn", new JArray(new JString("0x500a098280feeba5"), new JString("500A098290FEEBA5"))),
            ("target_lun", new JNumber(3)))),
        Request(host, "vol-0044", "fibre_channel", new JObject(
            ("target_wwn", new JString("500a098280feeba6")),
            ("target_luns", new JArray(new JNumber(7))),
            ("device_path", new JString("/dev/disk/by-id/wwn-0x600a098038304753663f4e6d53787a44")))),
        Request(host, "vol-0045", "nvmeof", new JObject(
            ("target_nqn", new JString("nqn.2014-08.org.nvmexpress:uuid:5f3b9a1e-4c2d-4e8f-9a7b-1c2d3e4f5a6b")),
            ("vol_uuid", new JString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")),
            ("vol_nguid", new JString("0f1e2d3c4b5a69788796a5b4c3d2e1f0")))),
        Request(host, "vol-0046", "local", new JObject(("device_path", new JString("/dev/loop0")))),
    ];

    /// <summary>A request wrapped in a MassTransit envelope, its ids given.</summary>
    public static JObject Envelope(JObject request, Json messageId, Json correlationId) => new(
        ("messageId", messageId),
        ("correlationId", correlationId),
        ("conversationId", new JString("5b8e2a90-0000-0000-0000-000000000001")),
        ("messageType", new JArray(new JString("urn:message:Brick.Contracts:VolumeExtended"))),
        ("message", request),
        ("sentTime", new JString("2026-11-25T10:00:00Z")));

    private static JObject Request(string host, string volumeId, string type, JObject data) => new(
        ("volumeId", new JString(volumeId)),
        ("host", new JString(host)),
        ("attachmentId", new JString("c1f7a2e4-08b3-4d6a-9e25-7f3b1a6d0c88")),
        ("newSizeBytes", new JNumber(32212254720)),
        ("connection", new JObject(("driverVolumeType", new JString(type)), ("data", data))),
        ("requestedAt", new JString("2026-11-25T09:30:00Z")));
}
