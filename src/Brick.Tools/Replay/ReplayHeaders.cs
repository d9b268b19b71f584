using System.Globalization;
using System.Text;
using Brick.Contracts;
using RabbitMQ.Client;

namespace Brick.Tools.Replay;

/// <summary>
/// The headers a replay reads, drops and adds. Dropped: what the failure wrote (<c>brick-reason</c>, MassTransit's
/// <c>MT-Reason</c>, <c>MT-Fault-*</c> and the faulting process's <c>MT-Host-*</c>, <c>MT-Redelivery-Count</c>), the
/// broker's own delivery counters, and the death history the broker writes when it dead-letters a message
/// (<c>x-death</c>, <c>x-first-death-*</c>, <c>x-last-death-*</c>), so that a replayed message starts afresh and a later
/// dead-lettering reads as its first; every other header, and every property, stays as it was.
/// </summary>
public static class ReplayHeaders
{
    /// <summary>How many times the message has been replayed (an integer).</summary>
    public const string Replayed = "brick-replayed";

    /// <summary>The queue (or file) it was last replayed from.</summary>
    public const string ReplayedFrom = "brick-replayed-from";

    /// <summary>When MassTransit moved the message to the error queue.</summary>
    public const string FaultTimestamp = "MT-Fault-Timestamp";

    private static readonly string[] DroppedPrefixes = ["MT-Fault-", "MT-Host-", "x-first-death-", "x-last-death-"];
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        EntityNames.ReasonHeader, "MT-Reason", "MT-Redelivery-Count", "x-delivery-count", "x-acquired-count", "x-dotnet-pub-seq-no",
        "x-death",
    };

    /// <summary>Whether a header is one the failure or the broker added, to be dropped on replay.</summary>
    public static bool IsDropped(string name) =>
        Dropped.Contains(name) || DroppedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The properties of the replayed copy: the original's, error headers dropped, the replay count raised, the source named.</summary>
    public static BasicProperties ForReplay(IReadOnlyBasicProperties original, string replayedFrom)
    {
        var properties = new BasicProperties(original);
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in original.Headers ?? new Dictionary<string, object?>())
        {
            if (!IsDropped(name))
                headers[name] = value;
        }

        headers[Replayed] = TimesReplayed(original.Headers) + 1;
        headers[ReplayedFrom] = replayedFrom;
        properties.Headers = headers;
        return properties;
    }

    /// <summary>The <see cref="Replayed"/> count (0 when absent or unreadable).</summary>
    public static int TimesReplayed(IDictionary<string, object?>? headers) =>
        headers?.TryGetValue(Replayed, out var value) == true
            ? value switch
            {
                int i => Math.Max(i, 0),
                long l => (int)Math.Clamp(l, 0, int.MaxValue),
                byte b => b,
                short s => Math.Max((int)s, 0),
                byte[] text => int.TryParse(Encoding.UTF8.GetString(text), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0,
                _ => 0,
            }
            : 0;

    /// <summary>
    /// The queue the broker last dead-lettered the message from: the <c>queue</c> of the first entry of <c>x-death</c>
    /// (the broker puts the entry of the latest death first, whatever a publisher wrote there), or null where there is none.
    /// </summary>
    public static string? DeadLetteredFrom(IDictionary<string, object?>? headers) =>
        LatestDeath(headers) is { } latest ? Text(latest, "queue") : null;

    /// <summary>
    /// When the broker dead-lettered the message from that queue: the <c>time</c> of the first entry of <c>x-death</c>
    /// (RabbitMQ keeps the time of the first death of that queue and reason), or null where there is none.
    /// </summary>
    public static DateTimeOffset? DeadLetteredAt(IDictionary<string, object?>? headers) =>
        LatestDeath(headers)?.TryGetValue("time", out var time) == true && time is AmqpTimestamp { UnixTime: > 0 } t
            ? DateTimeOffset.FromUnixTimeSeconds(t.UnixTime)
            : null;

    private static IDictionary<string, object?>? LatestDeath(IDictionary<string, object?>? headers) =>
        headers?.TryGetValue("x-death", out var deaths) == true && deaths is IList<object?> { Count: > 0 } list
            ? list[0] as IDictionary<string, object?>
            : null;

    /// <summary>A header as text (RabbitMQ.Client hands strings over as bytes).</summary>
    public static string? Text(IDictionary<string, object?>? headers, string name) =>
        headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            }
            : null;
}
