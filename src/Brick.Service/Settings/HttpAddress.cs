using System.Globalization;
using System.Net;

namespace Brick.Service.Settings;

/// <summary>
/// Where <c>brick-worker run --http</c> listens: an IP address and a port, <c>127.0.0.1:9464</c>, <c>0.0.0.0:9464</c>,
/// <c>[::1]:9464</c>, <c>[::]:9464</c>, or <c>localhost:9464</c> (the loopback addresses of both families).
/// </summary>
/// <param name="Address">The address to bind, or null for <c>localhost</c>.</param>
/// <param name="Port">The TCP port, 1 to 65535.</param>
public sealed record HttpAddress(IPAddress? Address, int Port)
{
    /// <summary>The text of <see cref="HttpSettings.Http"/> parsed, or null with why it is not an address in <paramref name="error"/>.</summary>
    public static HttpAddress? TryParse(string text, out string? error)
    {
        error = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = "is not ADDRESS:PORT (e.g. 127.0.0.1:9464, 0.0.0.0:9464, [::1]:9464)";
            return null;
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"has port '{portText}'; use 1 to 65535";
            return null;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
            return new HttpAddress(null, port);

        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        var literal = bracketed ? host[1..^1] : host;
        if (literal.Contains('%') || !IPAddress.TryParse(literal, out var address)
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) != bracketed
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && literal.Count(c => c == '.') != 3))
        {
            error = $"has address '{host}'; give an IPv4 address (0.0.0.0 for all), an IPv6 address in brackets ([::] for all) or localhost";
            return null;
        }

        return new HttpAddress(address, port);
    }

    /// <summary>The address as a URL, <c>http://127.0.0.1:9464</c>, <c>http://[::1]:9464</c>, <c>http://localhost:9464</c>.</summary>
    public override string ToString() => Address switch
    {
        null => $"http://localhost:{Port}",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } v6 => $"http://[{v6}]:{Port}",
        var v4 => $"http://{v4}:{Port}",
    };
}
