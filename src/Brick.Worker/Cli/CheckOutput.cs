using System.Globalization;
using System.Text.Json;
using Brick.Tools.Diagnosis;

namespace Brick.Worker.Cli;

/// <summary>
/// What <c>brick-worker check</c> prints on stdout: a table (one row per check, then <c>ready</c> or <c>not ready</c>
/// naming the failed checks), or one JSON object <c>{"ready": …, "checks": [{"check", "status", "detail"}, …]}</c>.
/// </summary>
internal sealed class CheckOutput(TextWriter stdout, bool json)
{
    private const string RowFormat = "{0,-46} {1,-6} {2}";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task WriteAsync(Diagnosis diagnosis)
    {
        if (json)
        {
            var checks = diagnosis.Rows.Select(r => new CheckLine(r.Check, Word(r.Status), r.Detail)).ToList();
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new Report(diagnosis.Ready, checks), Json));
        }
        else
        {
            await stdout.WriteLineAsync(Row("CHECK", "STATUS", "DETAIL"));
            foreach (var row in diagnosis.Rows)
                await stdout.WriteLineAsync(Row(row.Check, Word(row.Status), row.Detail));
            var failed = diagnosis.Rows.Where(r => r.Status == DiagnosisStatus.Fail).Select(r => r.Check).ToList();
            await stdout.WriteLineAsync(failed.Count == 0 ? "ready" : $"not ready: {string.Join(", ", failed)}");
        }

        await stdout.FlushAsync();
    }

    /// <summary>A status as printed: <c>ok</c>, <c>warn</c>, <c>fail</c>, <c>skip</c>.</summary>
    public static string Word(DiagnosisStatus status) => status.ToString().ToLowerInvariant();

    private static string Row(string check, string status, string detail) =>
        string.Format(CultureInfo.InvariantCulture, RowFormat, check, status, detail);

    private sealed record Report(bool Ready, IReadOnlyList<CheckLine> Checks);

    private sealed record CheckLine(string Check, string Status, string Detail);
}
