namespace Brick.Service.Settings;

/// <summary>
/// The broker and how to reach it: its URI and more nodes of its cluster, the password and TLS files, the heartbeat.
/// Bound from the <c>Brick</c> section; checked by <see cref="BrokerSettingsValidator"/>.
/// </summary>
public sealed class BrokerSettings
{
    private (string Uri, IReadOnlyList<string> Nodes, string? PasswordFile, string? TlsFiles, BrokerAddress? Address, string? Error)? _broker;

    /// <summary>The broker, <c>amqp://user:password@node:5672/vhost</c> or <c>amqps://…</c> for TLS.</summary>
    public string Broker { get; set; } = "amqp://localhost:5672/";

    /// <summary>
    /// A file holding the broker password (one trailing newline dropped), which overrides the URI's. Unset: systemd's
    /// credential <c>$CREDENTIALS_DIRECTORY/broker-password</c> where it exists, else the URI's password.
    /// </summary>
    public string? BrokerPasswordFile { get; set; }

    /// <summary>More nodes of the same RabbitMQ cluster (<c>node</c> or <c>node:port</c>), tried in turn after the broker's node.</summary>
    public IReadOnlyList<string> BrokerNodes { get; set; } = [];

    /// <summary>
    /// A PEM file of the CA certificates that sign the broker's certificate (a private CA), for <c>amqps://</c>: the
    /// broker's chain must end in one of them. Unset: the system's trust store. Either way the chain and each node's
    /// name are checked.
    /// </summary>
    public string? BrokerCaFile { get; set; }

    /// <summary>A PEM client certificate to present to the broker (with <see cref="BrokerClientKeyFile"/>), for brokers that ask for one.</summary>
    public string? BrokerClientCertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="BrokerClientCertificateFile"/> (PKCS#8, encrypted when <see cref="BrokerClientKeyPasswordFile"/> is set).</summary>
    public string? BrokerClientKeyFile { get; set; }

    /// <summary>A file holding the password of an encrypted <see cref="BrokerClientKeyFile"/> (one trailing newline dropped).</summary>
    public string? BrokerClientKeyPasswordFile { get; set; }

    /// <summary>
    /// The AMQP heartbeat asked of the broker (whole seconds): a broker that sends nothing for about twice this long
    /// (frozen, or cut off without the connection closing) counts as gone, and the worker connects again.
    /// </summary>
    public TimeSpan BrokerHeartbeat { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// <see cref="Broker"/> and <see cref="BrokerNodes"/> parsed, with the password of <see cref="BrokerPassword"/>, once
    /// for these values, or null with what is wrong in <paramref name="error"/> (never quoting a password).
    /// </summary>
    internal BrokerAddress? BrokerAddress(out string? error)
    {
        var passwordFile = BrokerPassword.File(BrokerPasswordFile);
        var tlsFiles = string.Join('\0', BrokerCaFile, BrokerClientCertificateFile, BrokerClientKeyFile, BrokerClientKeyPasswordFile);
        if (_broker is not { } parsed || !ReferenceEquals(parsed.Uri, Broker) || !ReferenceEquals(parsed.Nodes, BrokerNodes)
            || parsed.PasswordFile != passwordFile || parsed.TlsFiles != tlsFiles)
        {
            var address = Settings.BrokerAddress.TryParse(Broker, BrokerNodes, out var why);
            if (address is not null && passwordFile is not null)
                address = BrokerPassword.Read(passwordFile, out why) is { } password ? address with { Password = password } : null;
            // Remembered before the TLS files are read: masked even where they fail and no address is kept.
            Secrets.Remember(address?.Password);
            if (address is not null)
            {
                address = BrokerTls.Load(BrokerCaFile, BrokerClientCertificateFile, BrokerClientKeyFile, BrokerClientKeyPasswordFile, out why) is { } tls
                    ? address with { Tls = tls }
                    : null;
            }

            _broker = parsed = (Broker, BrokerNodes, passwordFile, tlsFiles, address, why);
        }

        error = parsed.Error;
        return parsed.Address;
    }
}
