using System.Text.Json;
using Brick.Contracts;

namespace Brick.RealKernel.Tests;

/// <summary>
/// What a scenario must end with, as its <c>expect</c> in <c>scenarios.json</c> states it: the worker's outcome, the
/// devices (by role) before and after the run, and the calls to multipathd. <see cref="Judge"/> checks it; the results
/// table shows <see cref="Describe"/>.
/// </summary>
internal sealed record Expectation(
    ResizeFailureReason? Failure,
    bool? Retriable,
    Size? NewSize,
    string? DevicePath,
    string? MultipathDevice,
    bool NoMultipathDevice,
    PathsExpectation? Paths,
    IReadOnlyDictionary<string, DeviceExpectation> Before,
    IReadOnlyDictionary<string, DeviceExpectation> After,
    int? MultipathdCalls,
    IReadOnlyList<string>? MultipathdArguments)
{
    /// <summary>The role that stands for every role not named in a snapshot's expectations.</summary>
    public const string Others = "*";

    public static Expectation Parse(JsonElement json, string where)
    {
        var o = CatalogJson.Object(json, where, "outcome", "retriable", "newSize", "devicePath", "multipathDevice", "paths", "before", "after", "multipathd");
        var outcome = CatalogJson.String(o, "outcome", where)!;
        ResizeFailureReason? failure = null;
        if (outcome != "resized")
        {
            failure = Enum.TryParse<ResizeFailureReason>(outcome, out var reason) && Enum.IsDefined(reason)
                ? reason
                : throw new FormatException($"{where}.outcome: '{outcome}' is neither 'resized' nor a {nameof(ResizeFailureReason)}.");
        }

        bool? retriable = o.TryGetValue("retriable", out var r) ? r.GetBoolean() : null;
        var newSize = CatalogJson.String(o, "newSize", where, required: false) is { } s ? Size.Parse(s) : null;
        if (failure is null && newSize is null)
            throw new FormatException($"{where}: a resized outcome needs newSize.");
        if (failure is not null && retriable is null)
            throw new FormatException($"{where}: a failure needs retriable.");

        var multipathDevice = CatalogJson.String(o, "multipathDevice", where, required: false);
        int? calls = null;
        IReadOnlyList<string>? arguments = null;
        if (!o.TryGetValue("multipathd", out var mp))
            throw new FormatException($"{where}.multipathd is required (a number of calls, or their arguments).");
        if (mp.ValueKind == JsonValueKind.Number)
            calls = mp.GetInt32();
        else
            arguments = [.. mp.EnumerateArray().Select(a => a.GetString() ?? throw new FormatException($"{where}.multipathd: strings only."))];

        return new Expectation(
            failure,
            retriable,
            newSize,
            CatalogJson.String(o, "devicePath", where, required: false),
            multipathDevice == "none" ? null : multipathDevice,
            multipathDevice == "none",
            o.TryGetValue("paths", out var p) ? PathsExpectation.Parse(p, $"{where}.paths") : null,
            Snapshot(o, "before", where),
            Snapshot(o, "after", where),
            calls,
            arguments);
    }

    /// <summary>The expectation in a line, for the results table.</summary>
    public string Describe()
    {
        var parts = new List<string>
        {
            Failure is { } reason
                ? $"exit 1, {reason} ({(Retriable == true ? "retriable" : "not retriable")})"
                : $"exit 0, {NewSize}{(DevicePath is null ? "" : $" on the {DevicePath}")}"
                  + (NoMultipathDevice ? ", no multipath map" : MultipathDevice is null ? "" : $", multipath device: the {MultipathDevice}"),
        };
        if (Paths is not null)
            parts.Add(Paths.Describe());
        if (Before.Count > 0)
            parts.Add("before: " + DescribeSnapshot(Before));
        if (After.Count > 0)
            parts.Add("after: " + DescribeSnapshot(After));
        parts.Add(MultipathdArguments is { } args ? $"multipathd ×{args.Count} ({string.Join(", ", args)})" : $"multipathd ×{MultipathdCalls}");
        return string.Join("; ", parts);
    }

    private static string DescribeSnapshot(IReadOnlyDictionary<string, DeviceExpectation> snapshot) =>
        string.Join(", ", snapshot.OrderBy(kv => kv.Key == Others ? 1 : 0).Select(kv => $"{(kv.Key == Others ? (snapshot.Count == 1 ? "all" : "the rest") : kv.Key)} {kv.Value.Describe()}"));

    private static Dictionary<string, DeviceExpectation> Snapshot(IReadOnlyDictionary<string, JsonElement> o, string key, string where)
    {
        if (!o.TryGetValue(key, out var snapshot))
            return [];
        return snapshot.EnumerateObject().ToDictionary(p => p.Name, p => DeviceExpectation.Parse(p.Value, $"{where}.{key}.{p.Name}"), StringComparer.Ordinal);
    }
}

/// <summary>What a device (a role) must show in a snapshot: a size, no device at all, or the size it had before the run; for a map also roles among or not among its slaves.</summary>
internal sealed record DeviceExpectation(Size? Size, bool Absent, bool Unchanged, IReadOnlyList<string> With, IReadOnlyList<string> Without)
{
    public static DeviceExpectation Parse(JsonElement json, string where)
    {
        if (json.ValueKind == JsonValueKind.String)
        {
            return json.GetString() switch
            {
                "absent" => new DeviceExpectation(null, true, false, [], []),
                "unchanged" => new DeviceExpectation(null, false, true, [], []),
                var size => new DeviceExpectation(Size.Parse(size!), false, false, [], []),
            };
        }

        var o = CatalogJson.Object(json, where, "size", "with", "without");
        return new DeviceExpectation(
            Size.Parse(CatalogJson.String(o, "size", where)!),
            false,
            false,
            CatalogJson.Strings(o, "with"),
            CatalogJson.Strings(o, "without"));
    }

    public string Describe() =>
        (Absent ? "absent" : Unchanged ? "unchanged" : Size!.Text)
        + (With.Count > 0 ? $" with {string.Join(", ", With)} among its slaves" : "")
        + (Without.Count > 0 ? $" without {string.Join(", ", Without)} among its slaves" : "");
}

/// <summary>What the outcome's paths must be: how many, their size, or exactly the devices of some roles.</summary>
internal sealed record PathsExpectation(int? Count, Size? Size, IReadOnlyList<string> Roles)
{
    public static PathsExpectation Parse(JsonElement json, string where)
    {
        var o = CatalogJson.Object(json, where, "count", "size", "roles");
        return new PathsExpectation(
            o.TryGetValue("count", out var c) ? c.GetInt32() : null,
            CatalogJson.String(o, "size", where, required: false) is { } s ? Size.Parse(s) : null,
            CatalogJson.Strings(o, "roles"));
    }

    public string Describe() =>
        "paths: "
        + (Roles.Count > 0 ? $"the {string.Join(" and ", Roles)}" : Count is { } n ? $"{n}" : "some")
        + (Size is null ? "" : $", each {Size}");
}
