using Testcontainers.RabbitMq;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// A broker container of one test's own, on a fixed host port so that a worker finds it at the same address after
/// it restarts (or before it first starts). Skips the test outside CI when Docker is not there; removed on dispose.
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

    /// <summary>The container, built (and started unless <paramref name="start"/> is false).</summary>
    public static async Task<OwnBroker> CreateAsync(bool start = true)
    {
        var port = RabbitContainers.FreePort();
        RabbitMqContainer? container = null;
        try
        {
            container = RabbitContainers.Build(port);
            if (start)
                await container.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (!RabbitContainers.InCi)
        {
            if (container is not null)
                await RabbitContainers.RemoveAsync(container);
            Assert.Skip($"No Docker for a broker of this test's own: {e.GetBaseException().Message}");
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

    public async ValueTask DisposeAsync() => await RabbitContainers.RemoveAsync(Container);
}
