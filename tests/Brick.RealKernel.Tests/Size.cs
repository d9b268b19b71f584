using System.Globalization;
using System.Text.RegularExpressions;

namespace Brick.RealKernel.Tests;

/// <summary>A size as <c>scenarios.json</c> writes it: <c>2 GiB</c>, <c>128 MiB</c>, <c>5 GiB - 33280 sectors</c>.</summary>
internal sealed partial record Size(long Bytes, string Text)
{
    public const long Sector = 512;

    public long Sectors => Bytes / Sector;

    public static Size Parse(string text)
    {
        var m = Pattern().Match(text);
        if (!m.Success)
            throw new FormatException($"'{text}' is not a size (e.g. '2 GiB', '128 MiB', '5 GiB - 33280 sectors').");
        var bytes = long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) << (m.Groups["unit"].Value == "GiB" ? 30 : 20);
        if (m.Groups["minus"].Success)
            bytes -= long.Parse(m.Groups["minus"].Value, CultureInfo.InvariantCulture) * Sector;
        return new Size(bytes, text);
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"^(?<n>[0-9]+) (?<unit>GiB|MiB)( - (?<minus>[0-9]+) sectors)?$")]
    private static partial Regex Pattern();
}
