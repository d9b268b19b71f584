using System.Globalization;
using System.Text;
using Brick.Testing;

namespace Brick.RealKernel.Tests;

/// <summary>
/// The peer suite's results as Markdown in <c>artifacts/peer-results.md</c>: per peer scenario and system, the answer,
/// every layer's size afterwards against the array's, right or not, the times, the programs started and the sysfs
/// writes (docs/peers.md says what each column means).
/// </summary>
internal sealed class PeerTable
{
    private readonly Dictionary<string, PeerComparison> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _missing = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Package versions of each guest (<c>packages.txt</c> of its VM: <c>NAME VERSION</c> lines).</summary>
    public Dictionary<string, Dictionary<string, string>> Packages { get; } = new(StringComparer.Ordinal);

    /// <summary>The kernel of each guest.</summary>
    public Dictionary<string, string?> Kernels { get; } = new(StringComparer.Ordinal);

    public void Add(string guest, PeerComparison comparison)
    {
        lock (_rows)
            _rows[$"{guest}/{comparison.Scenario.Id}"] = comparison;
    }

    public void Missing(string guest, PeerScenario scenario, string why)
    {
        lock (_rows)
            _missing[$"{guest}/{scenario.Id}"] = why;
    }

    public void ReadPackages(string guest, string packagesFile)
    {
        var packages = Packages[guest] = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(packagesFile))
            return;
        foreach (var line in File.ReadAllLines(packagesFile))
        {
            var f = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (f.Length == 2)
                packages[f[0]] = f[1];
        }
    }

    public async Task WriteAsync()
    {
        await _gate.WaitAsync();
        try
        {
            Artifacts.Write("peer-results.md", Render());
        }
        finally
        {
            _gate.Release();
        }
    }

    public string Render()
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("## Peer suite: os-brick's `extend_volume` beside `brick-worker extend` (real kernel, QEMU guest)").AppendLine();
        var runs = ScenarioCatalog.Current.Runs(SuiteSize.Current);
        foreach (var guest in runs.Select(r => r.Guest).Distinct())
            md.AppendLine(c, $"- {guest.Name}: os-brick `{Version(guest.Name, "python3-os-brick")}`, kernel `{Kernels.GetValueOrDefault(guest.Name) ?? "unknown"}`, multipath-tools `{Version(guest.Name, "multipath-tools")}`, nvme-cli `{Version(guest.Name, "nvme-cli")}`, open-iscsi `{Version(guest.Name, "open-iscsi")}`, cryptsetup `{Version(guest.Name, "cryptsetup-bin")}`.");
        md.AppendLine();
        md.AppendLine("Right: the array's size answered and on every judged layer, or a named failure where one is right. CI fails only where the worker is wrong and os-brick right; never on a time. Times under strace (both systems alike); processes and sysfs writes counted by strace (docs/peers.md).").AppendLine();
        md.AppendLine("| guest | scenario | system | answered | layers after (array) | right | turn s | call s | processes | sysfs writes |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        Dictionary<string, PeerComparison> rows;
        Dictionary<string, string> missing;
        lock (_rows)
        {
            rows = new Dictionary<string, PeerComparison>(_rows, StringComparer.Ordinal);
            missing = new Dictionary<string, string>(_missing, StringComparer.Ordinal);
        }

        var workerRight = 0;
        var osBrickRight = 0;
        var planned = ScenarioCatalog.Current.PlannedPeers(SuiteSize.Current).Select(p => (Guest: p.Run.Guest.Name, Scenario: p.Peer)).ToList();
        foreach (var (guest, scenario) in planned)
        {
            var key = $"{guest}/{scenario.Id}";
            if (!rows.TryGetValue(key, out var row))
            {
                md.AppendLine(c, $"| {guest} | {Cell(scenario.Test)} | — | {Cell(missing.GetValueOrDefault(key) ?? "(not run)")} | | | | | | |");
                continue;
            }

            foreach (var (system, verdict) in new[] { (PeerRecord.OsBrick, row.OsBrick), (PeerRecord.Worker, row.Worker) })
            {
                if (verdict is null)
                {
                    md.AppendLine(c, $"| {guest} | {Cell(scenario.Test)} | {system} | (no turn) | | **no** | | | | |");
                    continue;
                }

                if (verdict.Right)
                {
                    if (system == PeerRecord.OsBrick)
                        osBrickRight++;
                    else
                        workerRight++;
                }

                var right = verdict.Right ? "yes" : $"**no**: {verdict.Why}";
                var call = verdict.CallMilliseconds is { } ms ? PeerJudge.Seconds(ms) : "";
                md.AppendLine(c, $"| {guest} | {Cell(scenario.Test)} | {system} | {Cell(Short(verdict.Answer, 160))} | {Cell(verdict.Layers)} | {Cell(right)} | {PeerJudge.Seconds(verdict.Milliseconds)} | {call} | {verdict.Trace.Programs.Count}: {Cell(verdict.Trace.ProgramSummary())} | {verdict.Trace.SysfsWrites.Count}: {Cell(verdict.Trace.WriteSummary())} |");
            }
        }

        md.AppendLine().AppendLine(c, $"Right: os-brick {osBrickRight}, brick-worker {workerRight} of {planned.Count} scenario runs.");
        return md.ToString();
    }

    /// <summary>A long answer (os-brick's exceptions quote the whole command) cut for the table; the test's message has it whole.</summary>
    private static string Short(string text, int length)
    {
        var flat = text.Replace("\n", " ", StringComparison.Ordinal).Replace('\n', ' ');
        return flat.Length <= length ? flat : flat[..length] + "…";
    }

    private string Version(string guest, string package) => Packages.GetValueOrDefault(guest)?.GetValueOrDefault(package) ?? "unknown";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
