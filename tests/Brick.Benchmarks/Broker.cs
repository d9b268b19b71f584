using Testcontainers.RabbitMq;

namespace Brick.Benchmarks;

/// <summary>
/// The broker, started as the tests start it: <c>BRICK_TEST_RABBITMQ_URI</c> when set, else a Testcontainers RabbitMQ of
/// <c>BRICK_TEST_RABBITMQ_IMAGE</c> (default <c>rabbitmq:4.0</c>; CI: <c>brick/rabbitmq4:local</c>), without Ryuk, removed at the end.
/// </summary>
public sealed class Broker : IAsyncDisposable
{
    private readonly RabbitMqContainer? _container;

    private Broker(Uri uri, RabbitMqContainer? container) => (Uri, _container) = (uri, container);

    public Uri Uri { get; }

    public string Description { get; private init; } = "";

    public static async Task<Broker> StartAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_URI") is { Length: > 0 } given)
            return new Broker(new Uri(given), null) { Description = "BRICK_TEST_RABBITMQ_URI" };

        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_API_VERSION")))
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", "1.41");
        var image = Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_IMAGE") is { Length: > 0 } i ? i : "rabbitmq:4.0";
        var container = new RabbitMqBuilder(image).WithUsername("guest").WithPassword("guest").WithCleanUp(true).Build();
        try
        {
            await container.StartAsync(cancellationToken);
            return new Broker(new Uri(container.GetConnectionString()), container) { Description = $"container {image}" };
        }
        catch
        {
            // Created but not started (a wait that timed out, Ctrl+C): returned to no one, so removed here.
            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The broker's own list of client connections (<c>rabbitmqctl list_connections</c> in its container): the name each
    /// client gave its connection and its channels. Null when the broker is not a container started here.
    /// </summary>
    public async Task<IReadOnlyList<BrokerConnection>?> ConnectionsAsync(CancellationToken cancellationToken)
    {
        if (_container is null)
            return null;
        var result = await _container.ExecAsync(["rabbitmqctl", "-q", "list_connections", "client_properties", "channels", "--formatter", "json"], cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl list_connections: {result.Stderr}");
        return BrokerConnection.ParseList(result.Stdout);
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is null)
            return;
        var id = _container.Id;
        try
        {
            await _container.DisposeAsync();
        }
        finally
        {
            // Three runs that ended normally left their broker stopped, not removed, on 2026-12-07 (Ryuk is off).
            await DockerCli.RunAsync(["rm", "-f", "-v", id], TimeSpan.FromSeconds(60), CancellationToken.None, check: false);
        }
    }
}
