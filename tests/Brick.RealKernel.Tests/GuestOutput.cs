using System.Text.Json;

namespace Brick.RealKernel.Tests;

/// <summary>The <c>BRICK|…</c> records of one boot of the test VM that the tests read: facts, one record per scenario and per peer scenario, the payload's exit code.</summary>
internal sealed class GuestOutput
{
    private static readonly JsonSerializerOptions RecordJson = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, string> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScenarioRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PeerRecord> _peers = new(StringComparer.Ordinal);
    private readonly List<string> _unreadable = [];

    public int? PayloadExitCode { get; private set; }

    /// <summary><c>BRICK|scenario|…</c> lines that were not a scenario record (e.g. cut by a kernel message on the console).</summary>
    public IReadOnlyList<string> Unreadable => _unreadable;

    public string? Fact(string key) => _facts.GetValueOrDefault(key);

    public ScenarioRecord? Record(string scenario) => _records.GetValueOrDefault(scenario);

    public PeerRecord? Peer(string peer) => _peers.GetValueOrDefault(peer);

    public static GuestOutput Parse(IEnumerable<string> lines)
    {
        var output = new GuestOutput();
        foreach (var line in lines)
        {
            var f = line.Split('|', 4);
            if (f.Length < 3 || f[0] != "BRICK")
                continue;
            switch (f[1])
            {
                case "fact" when f.Length == 4:
                    output._facts[f[2]] = f[3];
                    break;
                case "scenario":
                    output.Add(line["BRICK|scenario|".Length..]);
                    break;
                case "peer":
                    output.AddPeer(line["BRICK|peer|".Length..]);
                    break;
                case "done" when f[2].StartsWith("rc=", StringComparison.Ordinal) && int.TryParse(f[2][3..], out var rc):
                    output.PayloadExitCode = rc;
                    break;
            }
        }

        return output;
    }

    private void AddPeer(string json)
    {
        try
        {
            if (JsonSerializer.Deserialize<PeerRecord>(json, RecordJson) is { Peer: not null } record)
            {
                _peers[record.Peer] = record;
                return;
            }
        }
        catch (JsonException)
        {
        }

        _unreadable.Add(json.Length > 300 ? json[..300] + "…" : json);
    }

    private void Add(string json)
    {
        try
        {
            if (JsonSerializer.Deserialize<ScenarioRecord>(json, RecordJson) is { Scenario: not null } record)
            {
                _records[record.Scenario] = record;
                return;
            }
        }
        catch (JsonException)
        {
        }

        _unreadable.Add(json.Length > 300 ? json[..300] + "…" : json);
    }
}

/// <summary>
/// What the guest recorded for one scenario (<c>run.sh</c>'s <c>record</c>): whether its worker run happened, the
/// devices of its roles before and after that run, and the run itself.
/// </summary>
internal sealed record ScenarioRecord(
    string Scenario,
    string Boot,
    string Status,
    string? Problem,
    IReadOnlyDictionary<string, DeviceState> Before,
    IReadOnlyDictionary<string, DeviceState> After,
    WorkerRun? Worker)
{
    public const string Ran = "ran";

    /// <summary>The kernel name of the device that played <paramref name="role"/> (before the run, else after it).</summary>
    public string? Device(string role) =>
        Before.GetValueOrDefault(role)?.Device ?? After.GetValueOrDefault(role)?.Device;

    public string Render(string when)
    {
        var snapshot = when == "before" ? Before : After;
        return snapshot.Count == 0
            ? "(none)"
            : string.Join(" ", snapshot.Select(kv => $"{kv.Key}={kv.Value.Device ?? "absent"}:{kv.Value.Sectors?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}"
                + (kv.Value.Slaves.Count > 0 ? $"[{string.Join(",", kv.Value.Slaves)}]" : "")));
    }
}

/// <summary>A role's device in a snapshot: its kernel name (null: none), its size in 512-byte sectors, its slaves.</summary>
internal sealed record DeviceState(string? Device, long? Sectors, IReadOnlyList<string> Slaves);
