using System.Globalization;
using System.Text;
using Brick.Testing;

namespace Brick.RealKernel.Tests;

/// <summary>The scenarios' results as a Markdown table in <c>artifacts/real-kernel-results.md</c> (printed by <c>.ci/run</c>).</summary>
internal sealed class ResultsTable
{
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The kernel of each guest (<c>kernel-version</c> of its VM, then what its boots reported).</summary>
    public Dictionary<string, string?> Kernels { get; } = new(StringComparer.Ordinal);

    public List<(string Name, TimeSpan Elapsed, int ExitCode)> Boots { get; } = [];

    public TimeSpan SuiteElapsed { get; set; }

    public string? Problem { get; set; }

    public void Add(string boot, Scenario scenario, string got, bool passed, double? seconds)
    {
        lock (_rows)
            _rows[$"{boot}/{scenario.Id}"] = new Row(got, passed, seconds);
    }

    public async Task WriteAsync()
    {
        await _gate.WaitAsync();
        try
        {
            Artifacts.Write("real-kernel-results.md", Render());
        }
        finally
        {
            _gate.Release();
        }
    }

    private string Render()
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("## Real-kernel scenarios (`brick-worker extend` in a QEMU guest)").AppendLine();
        var boots = string.Join(", ", Boots.Select(b => string.Create(c, $"{b.Name} {b.Elapsed.TotalSeconds:0} s, exit {b.ExitCode}")));
        var kernels = string.Join(", ", Kernels.Select(k => $"{k.Key} `{k.Value ?? "unknown"}`"));
        md.AppendLine(c, $"Guest kernels: {kernels}; size {SuiteSize.Current}; suite {SuiteElapsed.TotalSeconds:0} s (boots: {boots}).");
        if (Problem is not null)
            md.AppendLine().AppendLine(c, $"**The suite could not run:** {Problem.Split('\n')[0]}");
        md.AppendLine();
        md.AppendLine("| guest | boot | scenario | expected | got | result | seconds |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        Dictionary<string, Row> snapshot;
        lock (_rows)
            snapshot = new Dictionary<string, Row>(_rows, StringComparer.Ordinal);
        foreach (var (run, scenario) in ScenarioCatalog.Current.PlannedScenarios(SuiteSize.Current))
        {
            var row = snapshot.GetValueOrDefault($"{run.Name}/{scenario.Id}");
            var got = row is null ? "(not run)" : row.Got;
            var result = row is null ? "—" : row.Passed ? "pass" : "**FAIL**";
            var seconds = row?.Seconds is { } s ? s.ToString("0.0", c) : "";
            md.AppendLine(c, $"| {run.Guest.Name} | {scenario.Boot} | {Cell(scenario.Setup)} | {Cell(scenario.Expect.Describe())} | {Cell(got)} | {result} | {seconds} |");
        }

        return md.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private sealed record Row(string Got, bool Passed, double? Seconds);
}
