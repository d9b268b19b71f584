using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Brick.Testing;

namespace Brick.Service.Tests.Health;

/// <summary>The one check of a broker's certificate: the chain to a trusted root (the system's or the CA file's) and the node's own name.</summary>
public sealed class BrokerCertificateCheckTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("brick-tls-test.");
    private readonly X509Certificate2 _ca = TestCertificates.Authority();

    public void Dispose() => _dir.Delete(recursive: true);

    private BrokerTls WithCaFile(params X509Certificate2[] authorities) =>
        BrokerTls.Load(TestCertificates.WritePem(_dir.FullName, "ca.pem", authorities), null, null, null, out var error) ?? throw new InvalidOperationException(error);

    [Fact]
    public void A_certificate_of_the_configured_CA_for_the_node_is_accepted()
    {
        using var server = TestCertificates.Server(_ca, "rabbit-1");

        Assert.Null(BrokerCertificateCheck.Refusal(WithCaFile(_ca), "rabbit-1", server, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_self_signed_certificate_is_refused_even_with_a_CA_file()
    {
        using var server = TestCertificates.Server(null, "rabbit-1");

        var refusal = BrokerCertificateCheck.Refusal(WithCaFile(_ca), "rabbit-1", server, null, SslPolicyErrors.RemoteCertificateChainErrors);

        Assert.StartsWith("the certificate of rabbit-1 (CN=rabbit-1) does not chain to Brick:BrokerCaFile", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_of_another_CA_is_refused()
    {
        using var other = TestCertificates.Authority("Someone else's CA");
        using var server = TestCertificates.Server(other, "rabbit-1");

        Assert.NotNull(BrokerCertificateCheck.Refusal(WithCaFile(_ca), "rabbit-1", server, null, SslPolicyErrors.None));
    }

    [Fact]
    public void Without_a_CA_file_a_chain_error_the_system_found_is_refused_and_the_setting_named()
    {
        using var server = TestCertificates.Server(null, "rabbit-1");

        var refusal = BrokerCertificateCheck.Refusal(BrokerTls.Default, "rabbit-1", server, null, SslPolicyErrors.RemoteCertificateChainErrors);

        Assert.Contains("is not trusted by this system", refusal, StringComparison.Ordinal);
        Assert.Contains("Brick:BrokerCaFile", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_for_another_name_is_refused_though_its_chain_is_good()
    {
        using var server = TestCertificates.Server(_ca, "rabbit-1");

        var refusal = BrokerCertificateCheck.Refusal(WithCaFile(_ca), "rabbit-2", server, null, SslPolicyErrors.None);

        Assert.Equal("the certificate of rabbit-2 does not name it (it is for rabbit-1)", refusal);
    }

    [Fact]
    public void Each_node_is_checked_against_its_own_name_whatever_name_the_handshake_used()
    {
        // A cluster's second node: the handshake compared it with the first node's name and flagged a mismatch.
        using var server = TestCertificates.Server(_ca, "rabbit-2");

        Assert.Null(BrokerCertificateCheck.Refusal(WithCaFile(_ca), "rabbit-2", server, null, SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [Fact]
    public void A_refusal_is_kept_for_the_one_line_errors()
    {
        using var server = TestCertificates.Server(null, "rabbit-1");
        var tls = WithCaFile(_ca);
        var callback = BrokerCertificateCheck.For(tls, () => "rabbit-1");

        Assert.False(callback(new object(), server, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.StartsWith("the certificate of rabbit-1", tls.LastRefusal, StringComparison.Ordinal);
    }

    [Fact]
    public void No_certificate_is_refused()
    {
        Assert.Equal("the broker node rabbit-1 presented no certificate",
            BrokerCertificateCheck.Refusal(BrokerTls.Default, "rabbit-1", null, null, SslPolicyErrors.RemoteCertificateNotAvailable));
    }
}
