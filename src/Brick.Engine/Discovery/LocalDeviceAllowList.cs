using System.Text;
using System.Text.RegularExpressions;

namespace Brick.Engine.Discovery;

/// <summary>
/// The <c>/dev</c> paths a <c>local</c> request may name (<see cref="Core.EngineOptions.LocalDevicePatterns"/>): glob
/// patterns where <c>*</c> is any run of characters and <c>?</c> one character, neither matching <c>/</c>. Whoever can
/// publish a request could otherwise point the worker at any block device of the host.
/// </summary>
/// <param name="patterns">The patterns; none allows nothing.</param>
public sealed class LocalDeviceAllowList(IReadOnlyList<string> patterns)
{
    private readonly Regex[] _patterns = [.. patterns.Select(ToRegex)];

    /// <summary>The patterns as configured, for failure details.</summary>
    public string Describe() => patterns.Count == 0 ? "none" : string.Join(", ", patterns);

    /// <summary>Whether <paramref name="devicePath"/> (an absolute path under <c>/dev</c>) matches a pattern.</summary>
    public bool Allows(string devicePath) => _patterns.Any(p => p.IsMatch(devicePath));

    /// <summary>Whether <paramref name="pattern"/> is one the setting accepts: an absolute path under <c>/dev/</c> without <c>.</c> or <c>..</c> parts.</summary>
    public static bool IsValidPattern(string pattern) =>
        pattern.StartsWith("/dev/", StringComparison.Ordinal) && pattern.Length > "/dev/".Length
        && pattern.Split('/').Skip(1).All(part => part.Length > 0 && part is not ("." or ".."))
        && pattern.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '*' or '?' or '_' or '+' or ':' or '.' or '-');

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => "[^/]*",
                '?' => "[^/]",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(regex.Append(@"\z").ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
