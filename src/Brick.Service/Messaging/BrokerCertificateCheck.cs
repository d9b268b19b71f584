using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Brick.Service.Settings;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Messaging;

/// <summary>
/// The one check of a broker's TLS certificate, for every connection: its chain must end in a trusted root (the
/// system's, or with <c>Brick:BrokerCaFile</c> one of that file's CAs only, <see cref="X509ChainTrustMode.CustomRootTrust"/>)
/// and it must name the node being connected to (each cluster node its own name, not the first node's). A refusal
/// ends the handshake, so no credentials are ever sent; its reason is kept in <see cref="BrokerTls.LastRefusal"/> and logged.
/// </summary>
internal static partial class BrokerCertificateCheck
{
    /// <summary>
    /// A validation callback for connections to the node <paramref name="nodeName"/> returns (asked at the handshake:
    /// a cluster's connection picks its node as it connects).
    /// </summary>
    public static RemoteCertificateValidationCallback For(BrokerTls tls, Func<string> nodeName, ILogger? logger = null) =>
        (_, certificate, chain, errors) =>
        {
            var node = nodeName();
            var refusal = Refusal(tls, node, certificate, chain, errors);
            if (refusal is null)
                return true;
            tls.LastRefusal = refusal;
            if (logger is not null)
                LogRefused(logger, node, refusal);
            return false;
        };

    /// <summary>Why the certificate <paramref name="certificate"/> that <paramref name="node"/> presented is refused, or null when it is good.</summary>
    public static string? Refusal(BrokerTls tls, string node, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return $"the broker node {node} presented no certificate";
        var presented = certificate as X509Certificate2 ?? new X509Certificate2(certificate);

        // The name is checked here against the node actually connected to: the handshake's own name check compares
        // every cluster node with one server name.
        if (!presented.MatchesHostname(node))
            return $"the certificate of {node} does not name it (it is for {Names(presented)})";

        if (tls.Authorities is null)
        {
            return errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)
                ? $"the certificate of {node} ({presented.Subject}) is not trusted by this system: {Status(chain)}; set Brick:BrokerCaFile to the CA that signed it"
                : null;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(tls.Authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        return custom.Build(presented)
            ? null
            : $"the certificate of {node} ({presented.Subject}) does not chain to Brick:BrokerCaFile: {Status(custom)}";
    }

    private static string Names(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(a => a.ToString()));
            }
        }

        return names.Count > 0 ? string.Join(", ", names) : certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }

    private static string Status(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "chain error"
            : string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused the TLS certificate of the broker node {Node}: {Reason}. Nothing was sent: no credentials left this host")]
    private static partial void LogRefused(ILogger logger, string node, string reason);
}
