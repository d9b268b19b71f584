using Brick.Service.Settings;
using System.Security.Cryptography.X509Certificates;
using Brick.Testing;
using Microsoft.Extensions.Configuration;

namespace Brick.Service.Tests.Settings;

/// <summary>The TLS settings: read once with the broker address, each bad one named.</summary>
public sealed class BrokerTlsSettingsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("brick-tls-settings.");

    public void Dispose() => _dir.Delete(recursive: true);

    private static IReadOnlyList<string> Problems(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var settings = SettingsBinder.Read<BrokerSettings>(configuration);
        return new BrokerSettingsValidator(configuration).Validate(null, settings).Failures?.ToList() ?? [];
    }

    [Fact]
    public void A_CA_file_is_loaded_into_the_broker_address()
    {
        using var ca = TestCertificates.Authority();
        var settings = new BrokerSettings { Broker = "amqps://rabbit-1/", BrokerCaFile = TestCertificates.WritePem(_dir.FullName, "ca.pem", ca) };

        var address = settings.BrokerAddress(out var error);

        Assert.Null(error);
        Assert.Equal(ca.Thumbprint, Assert.Single(address!.Tls.Authorities!).Thumbprint);
        Assert.Null(address.Tls.ClientCertificate);
    }

    [Fact]
    public void No_TLS_setting_means_the_system_s_trust_store()
    {
        var address = new BrokerSettings { Broker = "amqps://rabbit-1/" }.BrokerAddress(out _);

        Assert.Same(BrokerTls.Default, address!.Tls);
        Assert.Null(address.Tls.Authorities);
    }

    [Fact]
    public void A_CA_file_that_is_missing_or_holds_no_certificate_is_named()
    {
        var empty = Path.Combine(_dir.FullName, "empty.pem");
        File.WriteAllText(empty, "nothing here\n");

        Assert.Contains(Problems(new() { ["Brick:BrokerCaFile"] = Path.Combine(_dir.FullName, "missing.pem"), ["Brick:SysRoot"] = "/", ["Brick:DevRoot"] = "/" }),
            p => p.StartsWith("Brick:BrokerCaFile '", StringComparison.Ordinal) && p.Contains("cannot be read", StringComparison.Ordinal));
        Assert.Contains(Problems(new() { ["Brick:BrokerCaFile"] = empty, ["Brick:SysRoot"] = "/", ["Brick:DevRoot"] = "/" }),
            p => p == $"Brick:BrokerCaFile '{empty}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    [Fact]
    public void A_client_certificate_without_its_key_is_named()
    {
        using var ca = TestCertificates.Authority();
        var certificate = TestCertificates.WritePem(_dir.FullName, "client.pem", ca);

        Assert.Contains("Brick:BrokerClientCertificateFile and BrokerClientKeyFile go together: give both or neither.",
            Problems(new() { ["Brick:BrokerClientCertificateFile"] = certificate, ["Brick:SysRoot"] = "/", ["Brick:DevRoot"] = "/" }));
    }

    [Fact]
    public void A_client_certificate_and_its_encrypted_key_are_loaded()
    {
        using var ca = TestCertificates.Authority();
        using var client = TestCertificates.Server(ca, "compute-07");
        var certificate = TestCertificates.WritePem(_dir.FullName, "client.pem", client);
        var key = Path.Combine(_dir.FullName, "client.key");
        File.WriteAllText(key, new string(System.Security.Cryptography.PemEncoding.Write("ENCRYPTED PRIVATE KEY",
            client.GetRSAPrivateKey()!.ExportEncryptedPkcs8PrivateKey("key secret",
                new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes256Cbc,
                    System.Security.Cryptography.HashAlgorithmName.SHA256, 10_000)))));
        var password = Path.Combine(_dir.FullName, "key-password");
        File.WriteAllText(password, "key secret\n");
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var address = new BrokerSettings
        {
            Broker = "amqps://rabbit-1/",
            BrokerClientCertificateFile = certificate,
            BrokerClientKeyFile = key,
            BrokerClientKeyPasswordFile = password,
        }.BrokerAddress(out var error);

        Assert.Null(error);
        Assert.True(address!.Tls.ClientCertificate!.HasPrivateKey);
        Assert.Equal(client.Thumbprint, address.Tls.ClientCertificate.Thumbprint);
    }

    [Fact]
    public void A_wrong_key_password_is_named_without_quoting_it()
    {
        using var ca = TestCertificates.Authority();
        using var client = TestCertificates.Server(ca, "compute-07");
        var certificate = TestCertificates.WritePem(_dir.FullName, "client.pem", client);
        var key = Path.Combine(_dir.FullName, "client.key");
        File.WriteAllText(key, new string(System.Security.Cryptography.PemEncoding.Write("ENCRYPTED PRIVATE KEY",
            client.GetRSAPrivateKey()!.ExportEncryptedPkcs8PrivateKey("right one",
                new System.Security.Cryptography.PbeParameters(System.Security.Cryptography.PbeEncryptionAlgorithm.Aes256Cbc,
                    System.Security.Cryptography.HashAlgorithmName.SHA256, 10_000)))));
        var password = Path.Combine(_dir.FullName, "key-password");
        File.WriteAllText(password, "wrong one");
        File.SetUnixFileMode(password, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var problems = Problems(new()
        {
            ["Brick:Broker"] = "amqps://rabbit-1/", ["Brick:BrokerClientCertificateFile"] = certificate, ["Brick:BrokerClientKeyFile"] = key,
            ["Brick:BrokerClientKeyPasswordFile"] = password, ["Brick:SysRoot"] = "/", ["Brick:DevRoot"] = "/",
        });

        var problem = Assert.Single(problems);
        Assert.StartsWith("Brick:BrokerClientCertificateFile '", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong one", problem, StringComparison.Ordinal);
    }
}
