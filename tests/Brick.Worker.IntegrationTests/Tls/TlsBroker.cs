using System.Security.Cryptography.X509Certificates;
using System.Text;
using Brick.Testing;
using DotNet.Testcontainers.Builders;
using Testcontainers.RabbitMq;

namespace Brick.Worker.IntegrationTests.Tls;

/// <summary>
/// A broker of one test's own with TLS on 5671 (beside plain AMQP on 5672, which the test's control plane uses),
/// serving <see cref="Server"/>: a certificate for <c>localhost</c> signed by <see cref="Authority"/>, a CA made by the
/// test. The image's entrypoint writes <c>rabbitmq.conf</c>; the TLS listener comes from a file in <c>conf.d</c>.
/// </summary>
public sealed class TlsBroker : IAsyncDisposable
{
    private const string TlsPort = "5671";
    private readonly RabbitMqContainer _container;

    private TlsBroker(RabbitMqContainer container, X509Certificate2 authority, X509Certificate2 server, DirectoryInfo files)
    {
        _container = container;
        Authority = authority;
        Server = server;
        Files = files;
    }

    /// <summary>The CA that signed the broker's certificate.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The broker's certificate (for <c>localhost</c> only: <c>127.0.0.1</c> is another name).</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A folder of the test's own, removed on dispose.</summary>
    public DirectoryInfo Files { get; }

    /// <summary>The broker over TLS, reached by <paramref name="name"/>, with the credentials.</summary>
    public Uri TlsUri(string name = "localhost") => new($"amqps://guest:guest@{name}:{_container.GetMappedPublicPort(TlsPort)}/");

    /// <summary>The broker over plain AMQP, for the test's control plane.</summary>
    public Uri PlainUri => new($"amqp://guest:guest@127.0.0.1:{_container.GetMappedPublicPort(RabbitMqBuilder.RabbitMqPort)}/");

    /// <summary>The broker's log so far.</summary>
    public async Task<string> LogAsync()
    {
        var (stdout, stderr) = await _container.GetLogsAsync(ct: TestContext.Current.CancellationToken);
        return stdout + stderr;
    }

    /// <summary>
    /// Starts the broker, of <paramref name="image"/> (default: the tests' image), skipping the test where there is no
    /// Docker (failing it in CI).
    /// </summary>
    public static async Task<TlsBroker> StartAsync(string? image = null)
    {
        image ??= RabbitContainers.Image;
        var authority = TestCertificates.Authority("Brick TLS test CA");
        var server = TestCertificates.Server(authority, "localhost");
        var files = Directory.CreateTempSubdirectory("brick-tls-broker.");
        var config = """
            listeners.ssl.default = 5671
            ssl_options.certfile = /etc/rabbitmq/tls/server.pem
            ssl_options.keyfile = /etc/rabbitmq/tls/server.key
            ssl_options.verify = verify_none
            ssl_options.fail_if_no_peer_cert = false
            ssl_options.versions.1 = tlsv1.3
            ssl_options.versions.2 = tlsv1.2

            """;
        RabbitMqContainer? container = null;
        try
        {
            container = new RabbitMqBuilder(image)
                .WithUsername("guest")
                .WithPassword("guest")
                .WithPortBinding(TlsPort, true)
                .WithEnvironment("RABBITMQ_CONFIG_FILES", "/etc/rabbitmq/conf.d")
                .WithResourceMapping(Encoding.UTF8.GetBytes(config), "/etc/rabbitmq/conf.d/20-tls.conf")
                .WithResourceMapping(Encoding.UTF8.GetBytes(server.ExportCertificatePem() + "\n"), "/etc/rabbitmq/tls/server.pem")
                .WithResourceMapping(Encoding.UTF8.GetBytes(TestCertificates.KeyPem(server) + "\n"), "/etc/rabbitmq/tls/server.key")
                .WithCleanUp(true)
                .Build();
            await container.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception e)
        {
            // Created but not started (a wait that timed out, a cancelled start): removed all the same.
            if (container is not null)
                await RabbitContainers.RemoveAsync(container);
            files.Delete(recursive: true);
            if (e is OperationCanceledException)
                throw;
            if (Prerequisite.InCi)
                await Console.Error.WriteLineAsync(e.ToString());
            Prerequisite.Missing("This test starts a TLS broker of its own, which takes Docker: start Docker (e.g. deploy/ci/start-docker.sh) so that " +
                $"Testcontainers can run {image} (BRICK_TEST_RABBITMQ_IMAGE); CI (CI=true) runs it. Docker said: {e.GetBaseException().Message}");
        }

        return new TlsBroker(container!, authority, server, files);
    }

    /// <summary>Writes <paramref name="certificates"/> as a PEM bundle in <see cref="Files"/>.</summary>
    public string WriteCaFile(string name, params X509Certificate2[] certificates) => TestCertificates.WritePem(Files.FullName, name, certificates);

    public async ValueTask DisposeAsync()
    {
        await RabbitContainers.RemoveAsync(_container);
        Files.Delete(recursive: true);
        Server.Dispose();
        Authority.Dispose();
    }
}
