using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Brick.Service.Settings;

/// <summary>
/// Keeps the broker's credentials out of every text the worker writes where others read it (log lines, failure
/// details, the <c>MT-Fault-*</c> headers of the error queue): the password itself (as given and URI-escaped), the
/// user and password of any URI (<c>amqp://user:password@node</c>), MassTransit's <c>user@node:port</c> and RabbitMQ's
/// <c>user 'name'</c>. A password shorter than <see cref="MinimumLength"/> characters is only hidden in those forms:
/// replacing every occurrence of one or two letters would mangle every line.
/// </summary>
public static partial class Secrets
{
    /// <summary>What a hidden secret is written as.</summary>
    public const string Mask = "***";

    /// <summary>The shortest password hidden wherever it appears.</summary>
    public const int MinimumLength = 4;

    private static readonly ConcurrentDictionary<string, byte> Known = new(StringComparer.Ordinal);

    /// <summary>Remembers <paramref name="secret"/> (a password) for every later <see cref="Scrub"/> in this process.</summary>
    public static void Remember(string? secret)
    {
        if (secret is null || secret.Length < MinimumLength)
            return;
        Known.TryAdd(secret, 0);
        Known.TryAdd(Uri.EscapeDataString(secret), 0);
    }

    /// <summary><paramref name="text"/> with every credential it holds replaced by <see cref="Mask"/>.</summary>
    public static string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        foreach (var secret in Known.Keys.OrderByDescending(k => k.Length))
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        text = UriUserInfo().Replace(text, "${scheme}://" + Mask + "@");
        text = UserAtNode().Replace(text, Mask + "@");
        return RabbitUser().Replace(text, "${word} '" + Mask + "'");
    }

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://[^/@\s'""]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UriUserInfo();

    [GeneratedRegex(@"(?<=^|[\s(\[""'=,])[^\s@/'""(\[=,]+@(?=[A-Za-z0-9.\[\]:-]+:[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex UserAtNode();

    [GeneratedRegex(@"(?<word>\b(?:user|username|user_name|login)) '[^']*'", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RabbitUser();
}
