using System.Globalization;
using Brick.Service.Tests.Hostile.Generated;

namespace Brick.Virt.Tests.Hostile.Generated;

/// <summary>The valid <c>HostVolumeResized</c> outcomes the generator mutates: one per kind of device run reports.</summary>
internal static class ValidOutcomes
{
    /// <summary>The string fields of the outcome and of each of its paths: every one is given every hostile class.</summary>
    public static readonly string[] StringFields = ["volumeId", "host", "attachmentId", "devicePath", "multipathDevice", "correlationId", "completedAt"];

    /// <summary>The id fields: each is given all-zero ids.</summary>
    public static readonly string[] IdFields = ["volumeId", "attachmentId", "correlationId"];

    public static IReadOnlyList<JObject> For(string host, DateTimeOffset now)
    {
        var at = new JString(now.AddMinutes(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        const long size = 12L << 30;
        return
        [
            Outcome(host, "9d3e51c2-7a1b-4c0e-b6f4-52a8e0c7d913", new JString("c1f7a2e4-08b3-4d6a-9e25-7f3b1a6d0c88"), size, "/dev/dm-3", new JString("dm-3"),
                new JArray(Path("sdc", size), Path("sdd", size)), new JString("5e3f8a12-0c4b-4e7d-9a61-2b8c7d4e1f09"), at, 1234),
            Outcome(host, "vol-0046", JLiteral.Null, size, "/dev/loop0", JLiteral.Null, new JArray(Path("loop0", size)), JLiteral.Null, at, 3),
            Outcome(host, "vol-0045", new JString("att-2"), size, "/dev/nvme0n1", JLiteral.Null,
                new JArray(Path("nvme0c1n1", size), new JObject(("device", new JString("nvme0c2n1")), ("sizeBytes", JLiteral.Null))), new JString("corr-7"), at, 90),
            Outcome(host, "vol-0044", new JString("att-3"), size, "/dev/disk/by-id/wwn-0x600a098038304753663f4e6d53787a44", JLiteral.Null, new JArray(), new JString("m-1"), at, 0),
            Outcome(host, "vol.0047_x", new JString("att-4"), size, "/dev/mapper/3600a098038304753663f4e6d53787a41", new JString("dm-7"),
                new JArray(Path("sde", size)), new JString("corr-8"), new JString(now.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss+02:00", CultureInfo.InvariantCulture)), 7),
        ];
    }

    /// <summary>An outcome wrapped in a MassTransit envelope, its ids given.</summary>
    public static JObject Envelope(JObject outcome, Json messageId, Json correlationId) => new(
        ("messageId", messageId),
        ("correlationId", correlationId),
        ("messageType", new JArray(new JString("urn:message:Brick.Contracts:HostVolumeResized"))),
        ("message", outcome),
        ("sentTime", new JString("2026-11-25T10:00:00Z")));

    private static JObject Path(string device, long size) => new(("device", new JString(device)), ("sizeBytes", new JNumber(size)));

    private static JObject Outcome(string host, string volumeId, Json attachmentId, long size, string device, Json multipath, JArray paths, Json correlationId, Json completedAt, long elapsedMs) => new(
        ("volumeId", new JString(volumeId)),
        ("host", new JString(host)),
        ("attachmentId", attachmentId),
        ("requestedSizeBytes", new JNumber(size)),
        ("newSizeBytes", new JNumber(size)),
        ("devicePath", new JString(device)),
        ("multipathDevice", multipath),
        ("paths", paths),
        ("correlationId", correlationId),
        ("completedAt", completedAt),
        ("elapsedMs", new JNumber(elapsedMs)));
}
