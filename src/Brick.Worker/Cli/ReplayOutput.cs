using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Brick.Tools.Replay;

namespace Brick.Worker.Cli;

/// <summary>
/// What <c>brick-worker replay</c> prints on stdout: one row (table) or one JSON object (json) per message as it is
/// dealt with, then one last line with the counts.
/// </summary>
internal sealed class ReplayOutput(TextWriter stdout, bool json)
{
    private const string RowFormat = "{0,-15} {1,-36} {2,-24} {3,-22} {4,9} {5,8} {6,8}  {7}";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private readonly SortedDictionary<string, long> _otherHostByReason = new(StringComparer.Ordinal);
    private bool _headed;

    /// <summary>Prints one message.</summary>
    public async Task MessageAsync(ReplayedMessage replayed)
    {
        var m = replayed.Message;
        if (replayed.Result == ReplayResult.OtherHost)
            _otherHostByReason[m.Reason ?? "-"] = _otherHostByReason.GetValueOrDefault(m.Reason ?? "-") + 1;
        if (json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new MessageLine(
                replayed.Position, replayed.Result.Word(), m.VolumeId, m.Host, m.Reason, m.NewSizeBytes, m.BodyBytes,
                m.Age is { } age ? Math.Round(age.TotalSeconds, 3) : null, m.TimesReplayed, m.MessageId, replayed.Detail), Json));
            return;
        }

        if (!_headed)
        {
            _headed = true;
            await stdout.WriteLineAsync(Row("RESULT", "VOLUME", "HOST", "REASON", "SIZE", "AGE", "REPLAYED", "DETAIL"));
        }

        await stdout.WriteLineAsync(Row(
            replayed.Result.Word(), m.VolumeId ?? "-", m.Host ?? "-", m.Reason ?? "-", Size(m.NewSizeBytes),
            m.Age is { } a ? DurationText.Format(a) : "-", m.TimesReplayed.ToString(CultureInfo.InvariantCulture), replayed.Detail ?? ""));
    }

    /// <summary>Prints the last line: the counts, with what was interrupted or not looked at.</summary>
    public async Task SummaryAsync(ReplaySummary summary, bool dryRun, string? interruption = null)
    {
        if (json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new SummaryLine(new Counts(
                summary.Moved, summary.WouldMove, summary.Skipped, summary.Left, summary.Invalid, summary.NoWorkerQueue,
                summary.Refused, summary.OtherHost, new Dictionary<string, long>(_otherHostByReason), summary.NotExamined, dryRun, interruption)), Json));
        }
        else
        {
            var text = dryRun
                ? $"dry run, nothing moved: would move {summary.WouldMove}, skipped {summary.Skipped}, left {summary.Left}"
                : $"moved {summary.Moved}, skipped {summary.Skipped}, left {summary.Left}";
            if (summary.Left > 0)
            {
                text += $" ({summary.Invalid} invalid, {summary.NoWorkerQueue} without a worker queue, {summary.Refused} refused";
                if (summary.OtherHost > 0)
                    text += $", {summary.OtherHost} for another host: {string.Join(", ", _otherHostByReason.Select(r => $"{r.Value} {r.Key}"))}";
                text += ")";
            }

            if (summary.NotExamined > 0)
                text += $"; {summary.NotExamined} not looked at";
            if (interruption is not null)
                text += $"; {interruption}";
            await stdout.WriteLineAsync(text);
        }

        await stdout.FlushAsync();
    }

    private static string Row(params object[] cells) => string.Format(CultureInfo.InvariantCulture, RowFormat, cells);

    private static string Size(long? bytes) => bytes switch
    {
        null => "-",
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}G",
        >= 1L << 20 => $"{bytes / (double)(1L << 30):0.##}G",
        _ => bytes.Value.ToString(CultureInfo.InvariantCulture),
    };

    private sealed record MessageLine(
        int Position, string Result, string? VolumeId, string? Host, string? Reason, long? NewSizeBytes, int BodyBytes,
        double? AgeSeconds, int TimesReplayed, string? MessageId, string? Detail);

    private sealed record SummaryLine(Counts Summary);

    private sealed record Counts(
        long Moved, long WouldMove, long Skipped, long Left, long Invalid, long NoWorkerQueue, long Refused, long OtherHost,
        IReadOnlyDictionary<string, long> OtherHostByReason, long NotExamined, bool DryRun, string? Interrupted);
}
