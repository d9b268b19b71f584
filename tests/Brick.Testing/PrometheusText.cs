using System.Globalization;
using System.Text.RegularExpressions;

namespace Brick.Testing;

/// <summary>Reads Prometheus' text exposition format, as <c>GET /metrics</c> serves it: samples by name and labels.</summary>
public static partial class PrometheusText
{
    /// <summary>One sample line: <c>name{label="value",…} value [timestamp]</c>.</summary>
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>Every sample of <paramref name="text"/>, comments skipped.</summary>
    public static IReadOnlyList<Sample> Samples(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var match = SampleLine().Match(line);
            if (!match.Success)
                throw new FormatException($"Not a Prometheus sample line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["key"].Value, m => Regex.Unescape(m.Groups["value"].Value), StringComparer.Ordinal);
            samples.Add(new Sample(match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }

        return samples;
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include every one of <paramref name="labels"/>; 0 when none.</summary>
    public static double Value(string text, string name, params (string Key, string Value)[] labels) =>
        Samples(text).Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    /// <summary>The names of every sample.</summary>
    public static IReadOnlySet<string> Names(string text) => Samples(text).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+-?\d+)?\s*$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)"\s*,?""")]
    private static partial Regex LabelPair();
}
