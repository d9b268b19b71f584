using Brick.Testing;
using Testcontainers.RabbitMq;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// A broker container of one test's own, on a fixed host port so that a worker finds it at the same address after
/// it restarts (or before it first starts). Without Docker the test skips (fails in CI); removed on dispose.
/// </summary>
public sealed class OwnBroker : IAsyncDisposable
{
    private OwnBroker(int port, RabbitMqContainer container)
    {
        Port = port;
        Container = container;
    }

    public int Port { get; }

    public RabbitMqContainer Container { get; }

    /// <summary>The broker's URI, known before the container runs.</summary>
    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    /// <summary>
    /// The container of <paramref name="image"/> (default: the tests' image), built (and started unless
    /// <paramref name="start"/> is false).
    /// </summary>
    public static async Task<OwnBroker> CreateAsync(bool start = true, string? image = null)
    {
        var port = RabbitContainers.FreePort();
        RabbitMqContainer? container = null;
        try
        {
            container = RabbitContainers.Build(port, image);
            if (start)
                await container.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception e)
        {
            // Created but not started (a wait that timed out, a cancelled start): removed all the same.
            if (container is not null)
                await RabbitContainers.RemoveAsync(container);
            if (e is OperationCanceledException)
                throw;
            if (Prerequisite.InCi)
                await Console.Error.WriteLineAsync(e.ToString());
            Prerequisite.Missing("This test stops and starts a broker of its own, which takes Docker (BRICK_TEST_RABBITMQ_URI does not serve): " +
                $"start Docker (e.g. deploy/ci/start-docker.sh) so that Testcontainers can run {image ?? RabbitContainers.Image} (BRICK_TEST_RABBITMQ_IMAGE); " +
                $"CI (CI=true) runs it. Docker said: {e.GetBaseException().Message}");
        }

        return new OwnBroker(port, container!);
    }

    /// <summary>A fixture-like view for the helpers.</summary>
    public async Task<BrokerFixture> AsFixtureAsync()
    {
        var fixture = new BrokerFixture();
        await fixture.InitializeWithAsync(Uri);
        return fixture;
    }

    /// <summary>Runs <c>rabbitmqctl</c> with <paramref name="arguments"/> in the container; its output, or an exception with why not.</summary>
    public async Task<string> RabbitmqctlAsync(params string[] arguments)
    {
        var result = await Container.ExecAsync(["rabbitmqctl", .. arguments], TestContext.Current.CancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return result.Stdout;
    }

    /// <summary>
    /// Imports the repository's deploy/rabbitmq/definitions.json as an operator does (<c>rabbitmqctl import_definitions</c>):
    /// the contract's exchanges, the dead-letter exchanges and the delivery-limit policies.
    /// </summary>
    public async Task ImportDefinitionsAsync()
    {
        var definitions = await File.ReadAllBytesAsync(RepositoryRoot.Of(Path.Combine("deploy", "rabbitmq", "definitions.json")),
            TestContext.Current.CancellationToken);
        await Container.CopyAsync(definitions, "/tmp/brick-definitions.json", ct: TestContext.Current.CancellationToken);
        await RabbitmqctlAsync("import_definitions", "/tmp/brick-definitions.json");
    }

    public async ValueTask DisposeAsync() => await RabbitContainers.RemoveAsync(Container);
}
