namespace Brick.Service.Settings;

/// <summary>A parsed broker URI: where the nodes are, which virtual host, whether TLS, and the credentials, which never reach a log.</summary>
/// <param name="UseTls">
/// Whether every connection to the broker uses TLS: the scheme is <c>amqps</c>, or the URI's port is 5671 (AMQPS's port,
/// where MassTransit turns TLS on by itself). The one rule: the bus and every plain client (topology, readiness,
/// replay, check) read it here.
/// </param>
/// <param name="Nodes">Every node of the cluster, the URI's node first, as <c>name:port</c>.</param>
/// <param name="Port">The port of nodes given without one.</param>
/// <param name="VirtualHost">The virtual host, <c>/</c> by default.</param>
/// <param name="UserName">The user (<c>guest</c> when the URI has none).</param>
/// <param name="Password">The password (<c>guest</c> when the URI has none).</param>
internal sealed record BrokerAddress(bool UseTls, IReadOnlyList<string> Nodes, int Port, string VirtualHost, string UserName, string Password)
{
    /// <summary>AMQP over TLS's port: a URI naming it means TLS whatever its scheme (MassTransit's own rule for the bus).</summary>
    public const int TlsPort = 5671;

    /// <summary>What TLS trusts and presents (<c>Brick:BrokerCaFile</c>, the client certificate); the system's trust store by default.</summary>
    public BrokerTls Tls { get; init; } = BrokerTls.Default;

    /// <summary>The first node's name (the server name TLS expects).</summary>
    public string ServerName => NameOf(Nodes[0]);

    /// <summary>The broker as it may be logged: scheme, nodes and virtual host, never user or password.</summary>
    public string Redacted => $"{(UseTls ? "amqps" : "amqp")}://{string.Join(",", Nodes)}/{Uri.EscapeDataString(VirtualHost)}";

    /// <summary>
    /// Parses <paramref name="uri"/> and <paramref name="extraNodes"/> (the settings <c>Broker</c> and <c>BrokerNodes</c>),
    /// or says what is wrong in <paramref name="error"/>, naming the setting first and never quoting a password.
    /// The service parses its broker once, through <see cref="BrokerSettings.BrokerAddress"/>.
    /// </summary>
    public static BrokerAddress? TryParse(string? uri, IEnumerable<string> extraNodes, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            error = "Broker is not an absolute URI such as amqp://localhost:5672/";
            return null;
        }

        if (parsed.Scheme is not ("amqp" or "amqps"))
        {
            error = $"Broker has the scheme '{parsed.Scheme}'; use amqp:// or amqps://";
            return null;
        }

        var port = parsed.IsDefaultPort || parsed.Port < 0 ? (parsed.Scheme == "amqps" ? 5671 : 5672) : parsed.Port;
        var tls = parsed.Scheme == "amqps" || port == TlsPort;
        var (user, password) = Credentials(parsed.UserInfo);
        var path = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        var vhost = path.Length == 0 ? "/" : path;

        var nodes = new List<string> { $"{parsed.Host}:{port}" };
        foreach (var node in extraNodes.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()))
        {
            if (!Uri.TryCreate($"amqp://{node}", UriKind.Absolute, out var nodeUri) || nodeUri.AbsolutePath != "/" || nodeUri.UserInfo.Length > 0)
            {
                error = $"BrokerNodes has a node '{node}' that is not name or name:port";
                return null;
            }

            nodes.Add($"{nodeUri.Host}:{(nodeUri.Port > 0 ? nodeUri.Port : port)}");
        }

        return new BrokerAddress(tls, nodes, port, vhost, user, password);
    }

    /// <summary>The name part of a <c>name:port</c> node.</summary>
    public static string NameOf(string node) => node[..node.LastIndexOf(':')];

    /// <summary>The port part of a <c>name:port</c> node.</summary>
    public static int PortOf(string node) => int.Parse(node[(node.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => Redacted;

    private static (string User, string Password) Credentials(string userInfo)
    {
        if (userInfo.Length == 0)
            return ("guest", "guest");
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (Uri.UnescapeDataString(userInfo), "")
            : (Uri.UnescapeDataString(userInfo[..colon]), Uri.UnescapeDataString(userInfo[(colon + 1)..]));
    }
}
