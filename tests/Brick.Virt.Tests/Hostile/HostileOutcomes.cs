using System.Text.Json.Nodes;

namespace Brick.Virt.Tests.Hostile;

/// <summary>One hostile <c>HostVolumeResized</c> body for blockresize: what it is, and its JSON.</summary>
internal sealed record HostileOutcome(string Name, string Body)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// The hand-written hostile outcomes of blockresize, built from a valid one for <c>host</c> and <c>device</c>, one
/// field made hostile at a time: control, line-separator and bidirectional characters in every string field,
/// all-zero identifiers, dates at the edges of the calendar, oversized values. Each must end as <c>InvalidOutcome</c>:
/// no hypervisor command, no guest resized, nothing lost, no crash.
/// </summary>
internal static class HostileOutcomes
{
    /// <summary>The characters that forge or reorder a log line: C0 and C1 controls, line and paragraph separators, bidirectional controls.</summary>
    public static readonly string[] Forging =
        ["\n", "\r", "\u0000", "\u0007", "\u001b[2K", "\u007f", "\u0085", "\u2028", "\u2029", "\u202A", "\u202E", "\u2066", "\u2069", "\u200F", "\ufeff"];

    /// <summary>The string fields of <c>HostVolumeResized</c>, as JSON paths into the valid outcome.</summary>
    public static readonly string[] StringFields =
        ["volumeId", "host", "attachmentId", "devicePath", "multipathDevice", "paths/0/device", "correlationId", "completedAt"];

    /// <summary>Every hostile outcome.</summary>
    public static IReadOnlyList<HostileOutcome> All(string host, string device)
    {
        var all = new List<HostileOutcome>();
        HostileOutcome With(string name, string path, JsonNode? value)
        {
            var outcome = Valid(host, device);
            Set(outcome, path, value);
            return new HostileOutcome(name, outcome.ToJsonString());
        }

        // Control and bidirectional characters in every string field: in the middle of a valid value, and alone.
        foreach (var field in StringFields)
        {
            var valid = Get(Valid(host, device), field)!.GetValue<string>();
            foreach (var c in Forging)
            {
                var code = string.Join('+', c.Select(ch => $"U+{(int)ch:X4}"));
                all.Add(With($"{field} with {code} inside", field, valid[..(valid.Length / 2)] + c + valid[(valid.Length / 2)..]));
                all.Add(With($"{field} with {code} at the end", field, valid + c));
            }

            all.Add(With($"{field} with a lone surrogate", field, valid + "\ud800"));
            all.Add(With($"{field} empty", field, ""));
        }

        // All-zero identifiers.
        foreach (var (field, zero) in new[]
        {
            ("volumeId", "00000000-0000-0000-0000-000000000000"), ("volumeId", "0"), ("volumeId", "00000000000000000000000000000000"),
            ("attachmentId", "00000000-0000-0000-0000-000000000000"), ("attachmentId", "00000000000000000000000000000000"),
        })
            all.Add(With($"{field} all zeros ({zero})", field, zero));

        // Dates at the edges of the calendar (and past them).
        foreach (var date in new[]
        {
            "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "1969-12-31T23:59:59Z", "1999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999Z",
            "9999-12-31T23:59:59-14:00", "+10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-12-31T24:00:01Z", "2999-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
        })
            all.Add(With($"completedAt {date}", "completedAt", date));
        all.Add(With("completedAt a number", "completedAt", 1_700_000_000));

        // Oversized values.
        foreach (var (field, value) in new (string, JsonNode?)[]
        {
            ("newSizeBytes", long.MaxValue), ("newSizeBytes", (1L << 60) + 512), ("newSizeBytes", 0), ("newSizeBytes", -512), ("newSizeBytes", 513),
            ("newSizeBytes", JsonValue.Create(1e300)), ("newSizeBytes", JsonValue.Create(decimal.MaxValue)), ("newSizeBytes", "12884901888"),
            ("requestedSizeBytes", long.MaxValue), ("requestedSizeBytes", -1), ("elapsedMs", long.MaxValue), ("elapsedMs", -1),
            ("volumeId", new string('v', 65)), ("volumeId", new string('v', 100_000)), ("host", new string('h', 254)), ("attachmentId", new string('a', 65)),
            ("devicePath", "/dev/" + new string('d', 256)), ("devicePath", string.Concat(Enumerable.Repeat("/dev", 10)) + "/x"),
            ("multipathDevice", new string('m', 65)), ("correlationId", new string('c', 129)), ("paths/0/device", new string('p', 65)),
            ("paths/0/sizeBytes", long.MaxValue), ("paths/0/sizeBytes", -1),
        })
            all.Add(With($"{field} oversized or out of range ({Describe(value)})", field, value));
        var many = Valid(host, device);
        many["paths"] = new JsonArray([.. Enumerable.Range(0, 65).Select(i => new JsonObject { ["device"] = $"sd{i}", ["sizeBytes"] = 12L << 30 })]);
        all.Add(new HostileOutcome("65 paths", many.ToJsonString()));

        // A device path that leaves /dev, or is no plain path.
        foreach (var path in new[] { "/etc/passwd", "/dev/../etc/shadow", "/dev/./sda", "/dev//sda", "dev/sda", "/dev/sda ", "/dev/mapper/a b", "/dev/sda;reboot", "-/dev/sda" })
            all.Add(With($"devicePath {path}", "devicePath", path));

        // Wrong types and missing fields.
        foreach (var field in new[] { "volumeId", "host", "devicePath", "newSizeBytes", "completedAt" })
        {
            var missing = Valid(host, device);
            missing.Remove(field);
            all.Add(new HostileOutcome($"{field} missing", missing.ToJsonString()));
            all.Add(With($"{field} null", field, null));
        }

        all.Add(With("paths holds null", "paths", new JsonArray(null, new JsonObject { ["device"] = "sdc", ["sizeBytes"] = 1 })));
        all.Add(With("volumeId an object", "volumeId", new JsonObject { ["id"] = "vol-1" }));
        all.Add(With("host of another host", "host", host == "compute-07" ? "compute-09" : "compute-07"));
        return all;
    }

    /// <summary>A valid outcome for <paramref name="host"/> on <paramref name="device"/> (12 GiB).</summary>
    public static JsonObject Valid(string host, string device) => new()
    {
        ["volumeId"] = "vol-hostile",
        ["host"] = host,
        ["attachmentId"] = "att-1",
        ["requestedSizeBytes"] = 12L << 30,
        ["newSizeBytes"] = 12L << 30,
        ["devicePath"] = device,
        ["multipathDevice"] = "dm-3",
        ["paths"] = new JsonArray(new JsonObject { ["device"] = "sdc", ["sizeBytes"] = 12L << 30 }),
        ["correlationId"] = "corr-hostile",
        ["completedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["elapsedMs"] = 100,
    };

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 40 ? $"{text.Length} characters" : text;
    }

    private static JsonNode? Get(JsonNode node, string path) =>
        path.Split('/').Aggregate<string, JsonNode?>(node, (n, part) => int.TryParse(part, out var i) ? n![i] : n![part]);

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('/');
        var parent = parts[..^1].Aggregate<string, JsonNode>(root, (n, part) => int.TryParse(part, out var i) ? n[i]! : n[part]!);
        if (parent is JsonArray array)
            array[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        else
            parent[parts[^1]] = value;
    }
}
