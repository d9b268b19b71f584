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

    /// <summary>Whether the broker is a container this run started (rabbitmqctl can be run in it).</summary>
    public bool IsContainer => _container is not null;

    /// <summary><c>rabbitmqctl</c> in the broker's container; its output.</summary>
    public async Task<string> RabbitmqctlAsync(params string[] arguments)
    {
        if (_container is null)
            throw new InvalidOperationException("rabbitmqctl needs the broker container (unset BRICK_TEST_RABBITMQ_URI)");
        var result = await _container.ExecAsync(["rabbitmqctl", .. arguments]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}");
        return result.Stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
            await _container.DisposeAsync();
    }
}
