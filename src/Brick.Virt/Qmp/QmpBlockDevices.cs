using System.Text.Json.Nodes;
using Brick.Virt.Guests;

namespace Brick.Virt.Qmp;

/// <summary>
/// Reads QMP's <c>query-block</c> answer into disks: each entry with an inserted medium is one disk, named by its
/// <c>device</c> (a <c>-drive id=</c>) or, where that is empty (<c>-blockdev</c>, as libvirt starts QEMU), its
/// <c>node-name</c>; its backing is <c>inserted.file</c> and its size <c>inserted.image.virtual-size</c>.
/// </summary>
internal static class QmpBlockDevices
{
    /// <summary>The prefix <see cref="Parse"/> gives a disk named by its node name, which <c>block_resize</c> then takes as <c>node-name</c>.</summary>
    public const string NodePrefix = "node:";

    /// <summary>The disks of <paramref name="domain"/> in <paramref name="answer"/>.</summary>
    public static IReadOnlyList<GuestDisk> Parse(string domain, JsonNode? answer)
    {
        var disks = new List<GuestDisk>();
        if (answer is not JsonArray entries)
            throw HypervisorException.Failed($"query-block of {domain} answered {Clip(answer?.ToJsonString())}, not an array.");
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (entry["inserted"] is not JsonObject inserted)
                continue; // an empty drive (a CD-ROM without a medium)
            var device = Text(entry["device"]);
            var node = Text(inserted["node-name"]);
            var name = !string.IsNullOrEmpty(device) ? device : !string.IsNullOrEmpty(node) ? NodePrefix + node : null;
            var file = Text(inserted["file"]);
            var size = inserted["image"]?["virtual-size"] is JsonValue value && value.TryGetValue<long>(out var bytes) ? bytes : (long?)null;
            if (name is null || string.IsNullOrEmpty(file) || size is null)
                continue;
            disks.Add(new GuestDisk(domain, name, file, size.Value));
        }

        return disks;
    }

    /// <summary>The arguments of <c>block_resize</c> for <paramref name="disk"/>.</summary>
    public static JsonObject ResizeArguments(GuestDisk disk, long sizeBytes) =>
        disk.Disk.StartsWith(NodePrefix, StringComparison.Ordinal)
            ? new JsonObject { ["node-name"] = disk.Disk[NodePrefix.Length..], ["size"] = sizeBytes }
            : new JsonObject { ["device"] = disk.Disk, ["size"] = sizeBytes };

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Clip(string? text) => text is null ? "nothing" : text.Length > 200 ? text[..200] + "…" : text;
}
