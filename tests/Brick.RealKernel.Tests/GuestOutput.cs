using System.Text.Json;
using Brick.Contracts;

namespace Brick.RealKernel.Tests;

/// <summary>One run of <c>brick-worker extend</c> in the guest, as <c>tests/vm/payloads/scenarios/run.sh</c> reported it.</summary>
internal sealed record WorkerRun(
    string Label, int ExitCode, long Milliseconds, int MultipathdCalls, string Json, IReadOnlyList<string> Stderr, IReadOnlyList<string> MultipathdArguments)
{
    public HostVolumeResized? Resized => ExitCode == 0 ? Parse<HostVolumeResized>() : null;

    public HostVolumeResizeFailed? Failed => ExitCode == 1 ? Parse<HostVolumeResizeFailed>() : null;

    /// <summary>A short account of the outcome for the results table and assertion messages.</summary>
    public string Summary()
    {
        var calls = $"multipathd ×{MultipathdCalls}";
        if (Resized is { } ok)
            return $"exit 0, resized to {ok.NewSizeBytes} B on {ok.DevicePath}, {calls}";
        if (Failed is { } failed)
            return $"exit {ExitCode}, {failed.Reason} (retriable {failed.Retriable.ToString().ToLowerInvariant()}), {calls}";
        return $"exit {ExitCode}, {calls}, stdout: {(Json.Length > 200 ? Json[..200] + "…" : Json)}";
    }

    public string Describe() =>
        $"{Label}: {Summary()}{Environment.NewLine}multipathd calls: {(MultipathdArguments.Count == 0 ? "none" : string.Join(" | ", MultipathdArguments))}{Environment.NewLine}stdout: {Json}{Environment.NewLine}stderr:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Stderr)}";

    private T? Parse<T>()
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Json, ContractJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The <c>BRICK|…</c> records of one boot of the test VM.</summary>
internal sealed class GuestOutput
{
    private readonly Dictionary<string, string> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkerRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Label, string When), IReadOnlyDictionary<string, long?>> _sizes = [];
    private readonly List<string> _setupFailures = [];

    public int? PayloadExitCode { get; private set; }

    public IReadOnlyList<string> SetupFailures => _setupFailures;

    public string? Fact(string key) => _facts.GetValueOrDefault(key);

    public WorkerRun? Run(string label) => _runs.GetValueOrDefault(label);

    /// <summary>Sizes in 512-byte sectors (null: the device was absent) before or after a run.</summary>
    public IReadOnlyDictionary<string, long?> Sizes(string label, string when) =>
        _sizes.GetValueOrDefault((label, when)) ?? new Dictionary<string, long?>();

    public static GuestOutput Parse(IEnumerable<string> lines)
    {
        var output = new GuestOutput();
        var stderr = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var mpcalls = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (!line.StartsWith("BRICK|", StringComparison.Ordinal))
                continue;
            var kind = line.Split('|', 3)[1];
            switch (kind)
            {
                case "fact":
                    {
                        var f = line.Split('|', 4);
                        if (f.Length == 4)
                            output._facts[f[2]] = f[3];
                        break;
                    }

                case "xerr" or "mpcall":
                    {
                        // BRICK|xerr|label|stderr line, BRICK|mpcall|label|multipathd arguments (both before the xrun)
                        var f = line.Split('|', 4);
                        if (f.Length == 4)
                        {
                            var lists = kind == "xerr" ? stderr : mpcalls;
                            if (!lists.TryGetValue(f[2], out var list))
                                lists[f[2]] = list = [];
                            list.Add(f[3]);
                        }

                        break;
                    }

                case "xrun":
                    {
                        // BRICK|xrun|label|rc|ms|multipathd calls|json
                        var f = line.Split('|', 7);
                        if (f.Length == 7 && int.TryParse(f[3], out var rc) && long.TryParse(f[4], out var ms) && int.TryParse(f[5], out var calls))
                            output._runs[f[2]] = new WorkerRun(f[2], rc, ms, calls, f[6], stderr.GetValueOrDefault(f[2]) ?? [], mpcalls.GetValueOrDefault(f[2]) ?? []);
                        break;
                    }

                case "sizes":
                    {
                        // BRICK|sizes|label|before|after|dev=sectors dev=sectors …
                        var f = line.Split('|', 5);
                        if (f.Length == 5)
                        {
                            output._sizes[(f[2], f[3])] = f[4]
                                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                                .Select(p => p.Split('=', 2))
                                .Where(p => p.Length == 2)
                                .ToDictionary(p => p[0], p => long.TryParse(p[1], out var v) ? v : (long?)null, StringComparer.Ordinal);
                        }

                        break;
                    }

                case "setup":
                    {
                        var f = line.Split('|', 6);
                        if (f.Length >= 4 && f[3] != "ok")
                            output._setupFailures.Add(line);
                        break;
                    }

                case "done":
                    {
                        var f = line.Split('|');
                        if (f.Length >= 3 && f[2].StartsWith("rc=", StringComparison.Ordinal) && int.TryParse(f[2][3..], out var rc))
                            output.PayloadExitCode = rc;
                        break;
                    }
            }
        }

        return output;
    }
}
