using Brick.Testing;
using Brick.Worker.Testcontainers;
using Testcontainers.RabbitMq;

[assembly: AssemblyFixture(typeof(ControlPlane.Tests.ContainersFixture))]

namespace ControlPlane.Tests;

/// <summary>
/// RabbitMQ and a brick-worker on a simulated host, started once for the tests: the worker serves the host
/// <see cref="HostName"/>, fails volumes <c>vol-bad-*</c> with <c>WwidMismatch</c> and <c>vol-gone-*</c> with
/// <c>DeviceNotFound</c>, and retries nothing (the first failure is published at once). The images are
/// <c>BRICK_TEST_RABBITMQ_IMAGE</c> and <c>BRICK_WORKER_IMAGE</c> (CI builds both locally). No Ryuk: disposing removes
/// both containers.
/// </summary>
public sealed class ContainersFixture : IAsyncLifetime
{
    public const string HostName = "compute-cp-test";

    private RabbitMqContainer? _rabbitMq;
    private BrickWorkerContainer? _worker;
    private string? _unavailable;

    static ContainersFixture()
    {
        Environment.SetEnvironmentVariable("TESTCONTAINERS_RYUK_DISABLED", "true");
    }

    /// <summary>The broker as the control plane (this process) reaches it.</summary>
    public Uri BrokerUri { get; private set; } = new("amqp://guest:guest@localhost:5672/");

    public BrickWorkerContainer Worker => _worker ?? throw new InvalidOperationException(_unavailable);

    public static string RabbitMqImage => Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_IMAGE") is { Length: > 0 } i ? i : "rabbitmq:4.0";

    public static string WorkerImage => Environment.GetEnvironmentVariable("BRICK_WORKER_IMAGE") is { Length: > 0 } i ? i : "brick/worker:local";

    public async ValueTask InitializeAsync()
    {
        try
        {
            _rabbitMq = new RabbitMqBuilder(RabbitMqImage).WithUsername("guest").WithPassword("guest").Build();
            await _rabbitMq.StartAsync(TestContext.Current.CancellationToken);
            BrokerUri = new Uri(_rabbitMq.GetConnectionString());

            _worker = new BrickWorkerBuilder()
                .WithImage(WorkerImage)
                .WithHost(HostName)
                .WithBroker(_rabbitMq)
                .WithRule("vol-bad-*", SimulatedFaults.WwidMismatch)
                .WithRule("vol-gone-*", SimulatedFaults.DeviceNotFound)
                .WithSetting("RetryLimit", "0")
                .Build();
            await _worker.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            await DisposeAsync(); // a cancelled start may have created either container
            throw;
        }
        catch (Exception e)
        {
            _unavailable = $"RabbitMQ ({RabbitMqImage}, BRICK_TEST_RABBITMQ_IMAGE) and brick-worker ({WorkerImage}, BRICK_WORKER_IMAGE, built from " +
                $"deploy/docker/Dockerfile) could not be started in Docker; CI (CI=true) runs these tests. Docker said: {e.GetBaseException().Message}";
            if (Prerequisite.InCi)
                await Console.Error.WriteLineAsync(e.ToString());
            await DisposeAsync();
        }
    }

    /// <summary>Skips the calling test (outside CI) or fails it (in CI) when the containers could not be started.</summary>
    public void Require()
    {
        if (_unavailable is not null)
            Prerequisite.Missing(_unavailable);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_worker is not null)
                await _worker.DisposeAsync();
        }
        finally
        {
            // The broker goes even when removing the worker failed.
            if (_rabbitMq is not null)
                await _rabbitMq.DisposeAsync();
            _worker = null;
            _rabbitMq = null;
        }
    }
}
