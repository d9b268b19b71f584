using System.Text.RegularExpressions;

namespace Brick.Worker.Cli;

/// <summary>The host-name rule of the wire contract, for settings.</summary>
internal static partial class HostNames
{
    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,252})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
