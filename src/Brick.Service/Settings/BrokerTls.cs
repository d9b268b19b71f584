using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Brick.Service.Settings;

/// <summary>
/// What TLS to the broker trusts and presents: the CA bundle of <c>Brick:BrokerCaFile</c> (null: the system's trust
/// store) and the client certificate of <c>Brick:BrokerClientCertificateFile</c> with its key (null: none). Loaded
/// once with the broker address; every connection (the bus, the topology, replay, check, readiness) uses it.
/// </summary>
internal sealed class BrokerTls
{
    /// <summary>No CA file and no client certificate: the system's trust store, no client certificate.</summary>
    public static BrokerTls Default { get; } = new(null, null);

    private volatile string? _lastRefusal;

    private BrokerTls(X509Certificate2Collection? authorities, X509Certificate2? clientCertificate)
    {
        Authorities = authorities;
        ClientCertificate = clientCertificate;
    }

    /// <summary>The private CAs the broker's chain must end in, or null for the system's trust store.</summary>
    public X509Certificate2Collection? Authorities { get; }

    /// <summary>The certificate (with its private key) to present to the broker, or null.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Why the last broker certificate was refused (for the one-line errors), or null.</summary>
    public string? LastRefusal
    {
        get => _lastRefusal;
        set => _lastRefusal = value;
    }

    /// <summary>
    /// Loads the files the settings name, or returns null with what is wrong in <paramref name="error"/>, naming the
    /// setting first and never quoting a key or its password.
    /// </summary>
    public static BrokerTls? Load(string? caFile, string? certificateFile, string? keyFile, string? keyPasswordFile, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(caFile) && string.IsNullOrEmpty(certificateFile) && string.IsNullOrEmpty(keyFile) && string.IsNullOrEmpty(keyPasswordFile))
            return Default;

        X509Certificate2Collection? authorities = null;
        if (!string.IsNullOrEmpty(caFile))
        {
            authorities = [];
            try
            {
                authorities.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                error = $"BrokerCaFile '{caFile}' cannot be read as PEM certificates: {e.Message}";
                return null;
            }

            if (authorities.Count == 0)
            {
                error = $"BrokerCaFile '{caFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
                return null;
            }
        }

        if (string.IsNullOrEmpty(certificateFile) != string.IsNullOrEmpty(keyFile))
        {
            error = "BrokerClientCertificateFile and BrokerClientKeyFile go together: give both or neither";
            return null;
        }

        if (string.IsNullOrEmpty(certificateFile) && !string.IsNullOrEmpty(keyPasswordFile))
        {
            error = "BrokerClientKeyPasswordFile is given without BrokerClientCertificateFile and BrokerClientKeyFile";
            return null;
        }

        X509Certificate2? client = null;
        if (!string.IsNullOrEmpty(certificateFile))
        {
            try
            {
                string? password = null;
                if (!string.IsNullOrEmpty(keyPasswordFile)
                    && (password = BrokerPassword.Read(keyPasswordFile, out var why, nameof(BrokerSettings.BrokerClientKeyPasswordFile))) is null)
                {
                    error = why;
                    return null;
                }

                client = password is null
                    ? X509Certificate2.CreateFromPemFile(certificateFile, keyFile)
                    : X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, keyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                error = $"BrokerClientCertificateFile '{certificateFile}' with BrokerClientKeyFile '{keyFile}' cannot be loaded: {e.Message}";
                return null;
            }
        }

        return new BrokerTls(authorities, client);
    }
}
