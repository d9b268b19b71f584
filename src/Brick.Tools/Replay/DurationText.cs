using System.Globalization;
using System.Text.RegularExpressions;

namespace Brick.Tools.Replay;

/// <summary>Durations as people type them for <c>--older-than</c>: <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>3d</c>, <c>1h30m</c>, or <c>hh:mm:ss</c>.</summary>
public static partial class DurationText
{
    /// <summary>Parses <paramref name="text"/>; null when it is not a positive duration.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null;

        var match = Units().Match(text);
        if (!match.Success)
            return null;
        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value[^1];
            if (!long.TryParse(part.Value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 100_000)
                return null;
            total += unit switch
            {
                'd' => TimeSpan.FromDays(count),
                'h' => TimeSpan.FromHours(count),
                'm' => TimeSpan.FromMinutes(count),
                _ => TimeSpan.FromSeconds(count),
            };
        }

        return total > TimeSpan.Zero ? total : null;
    }

    /// <summary>A duration as a short text: <c>45s</c>, <c>12m</c>, <c>3h05m</c>, <c>2d04h</c>.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalSeconds: < 60 } => $"{(int)duration.TotalSeconds}s",
        { TotalMinutes: < 60 } => $"{(int)duration.TotalMinutes}m",
        { TotalHours: < 24 } => $"{(int)duration.TotalHours}h{duration.Minutes:00}m",
        _ => $"{(int)duration.TotalDays}d{duration.Hours:00}h",
    };

    [GeneratedRegex(@"^(?<part>[0-9]{1,6}[dhms])+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Units();
}
