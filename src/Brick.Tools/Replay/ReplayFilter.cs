using Brick.Contracts;
using Brick.Service.Messaging;

namespace Brick.Tools.Replay;

/// <summary>
/// Which messages a replay takes: all by default; each filter given narrows it (<c>--volume</c> and <c>--reason</c> may
/// be given more than once: any of them). A field a message does not carry never matches a filter on it: a message
/// of unknown age is never "older than".
/// </summary>
/// <param name="Volumes">Volume ids to take; empty: any.</param>
/// <param name="Reasons">Reasons (<c>brick-reason</c>, as <see cref="Names"/> spells them) to take; empty: any.</param>
/// <param name="OlderThan">Take only messages that have waited at least this long, or null.</param>
/// <param name="Host">Take only messages that name this host, or null.</param>
public sealed record ReplayFilter(
    IReadOnlySet<string> Volumes, IReadOnlySet<string> Reasons, TimeSpan? OlderThan, string? Host)
{
    /// <summary>Every message.</summary>
    public static ReplayFilter All { get; } = new(new HashSet<string>(), new HashSet<string>(), null, null);

    /// <summary>
    /// Every reason a message in the error queue can carry: the failure reasons, and <c>OutcomeNotPublished</c> for a
    /// volume that grew but whose <c>HostVolumeResized</c> the broker would not take.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetNames<ResizeFailureReason>(), OutcomeNotPublishedException.Reason];

    /// <summary>Why <paramref name="message"/> is not taken, one short phrase, or null when it is.</summary>
    public string? Excludes(ReplayCandidate message)
    {
        if (Host is not null && !string.Equals(message.Host, Host, StringComparison.Ordinal))
            return $"host {message.Host ?? "unknown"} is not --host {Host}";
        if (Volumes.Count > 0 && (message.VolumeId is null || !Volumes.Contains(message.VolumeId)))
            return "volume not among --volume";
        if (Reasons.Count > 0 && (message.Reason is null || !Reasons.Contains(message.Reason)))
            return $"reason {message.Reason ?? "none"} not among --reason";
        if (OlderThan is { } limit && (message.Age is not { } age || age < limit))
            return message.Age is { } known
                ? $"age {DurationText.Format(known)} is under --older-than {DurationText.Format(limit)}"
                : "age unknown, so not --older-than";
        return null;
    }

    /// <summary>Reads <c>--reason</c> values (one of <see cref="Names"/>, any case), or says which one is not.</summary>
    public static HashSet<string>? ParseReasons(IEnumerable<string> values, out string? error)
    {
        error = null;
        var reasons = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var name = Names.FirstOrDefault(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                error = $"--reason '{value}' is not one of {string.Join(", ", Names)}.";
                return null;
            }

            reasons.Add(name);
        }

        return reasons;
    }
}
