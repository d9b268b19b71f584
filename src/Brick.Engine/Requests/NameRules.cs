using System.Text.RegularExpressions;

namespace Brick.Engine.Requests;

/// <summary>The character rules for every name that arrives over the network.</summary>
internal static partial class NameRules
{
    public const long MaxSizeBytes = 1L << 60;

    public const int MaxPaths = 64;

    /// <summary>A volume or attachment id: never <c>.</c> or <c>..</c>, so that it is safe should it ever name a file.</summary>
    [GeneratedRegex(@"^(?!\.{1,2}\z)[A-Za-z0-9._-]{1,64}\z", RegexOptions.CultureInvariant)]
    public static partial Regex Identifier();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,252})\z", RegexOptions.CultureInvariant)]
    public static partial Regex HostName();

    [GeneratedRegex(@"^(?<address>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[(?<v6>[0-9A-Fa-f:.]{2,45})\]):(?<port>[0-9]{1,5})\z", RegexOptions.CultureInvariant)]
    public static partial Regex Portal();

    [GeneratedRegex(@"^(?:iqn\.[0-9]{4}-[0-9]{2}\.[A-Za-z0-9][A-Za-z0-9.:_-]{0,218}|eui\.[0-9A-Fa-f]{16})\z", RegexOptions.CultureInvariant)]
    public static partial Regex Iqn();

    [GeneratedRegex(@"^(?:0[xX])?(?<hex>[0-9A-Fa-f]{16})\z", RegexOptions.CultureInvariant)]
    public static partial Regex Wwpn();

    [GeneratedRegex(@"^nqn\.[A-Za-z0-9][A-Za-z0-9.:_-]{0,218}\z", RegexOptions.CultureInvariant)]
    public static partial Regex Nqn();

    [GeneratedRegex(@"^[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}\z", RegexOptions.CultureInvariant)]
    public static partial Regex Uuid();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9.:_-]{0,127}\z", RegexOptions.CultureInvariant)]
    public static partial Regex Wwid();

    [GeneratedRegex(@"^/dev(?:/[A-Za-z0-9_+:.-]{1,255}){1,8}\z", RegexOptions.CultureInvariant)]
    public static partial Regex DevicePath();

    /// <summary>A device path whose segments are all real names, not <c>.</c> or <c>..</c>.</summary>
    public static bool IsDevicePath(string value) =>
        DevicePath().IsMatch(value) && value.Split('/').All(segment => segment is not ("." or ".."));
}
