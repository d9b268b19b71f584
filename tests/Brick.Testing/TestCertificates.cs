using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Brick.Testing;

/// <summary>Certificates made for a test: a CA, and server certificates it signs (or that sign themselves).</summary>
public static class TestCertificates
{
    /// <summary>A CA certificate with its key.</summary>
    public static X509Certificate2 Authority(string name = "Brick test CA")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A server certificate for <paramref name="names"/>, signed by <paramref name="authority"/> or by itself.</summary>
    public static X509Certificate2 Server(X509Certificate2? authority, params string[] names)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
                san.AddIpAddress(address);
            else
                san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (authority is null)
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>Writes <paramref name="certificates"/> as a PEM bundle to a new file in <paramref name="directory"/>.</summary>
    public static string WritePem(string directory, string name, params X509Certificate2[] certificates)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));
        return path;
    }

    /// <summary>The private key of <paramref name="certificate"/> as unencrypted PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>).</summary>
    public static string KeyPem(X509Certificate2 certificate) =>
        new(PemEncoding.Write("PRIVATE KEY", certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKey()));
}
