using Brick.Contracts;
using Brick.Simulation.Hosts;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests;

/// <summary>At-least-once across a broker restart, a broker that comes up after the worker, and a worker stopped in the middle of its work.</summary>
public sealed class ResilienceTests(BrokerFixture broker)
{
    [Fact]
    public async Task A_broker_restart_in_the_middle_of_a_stream_of_events_loses_no_outcome()
    {
        // This test restarts its own broker: it needs a container whatever BRICK_TEST_RABBITMQ_URI says.
        const int volumes = 16;
        await using var ownBroker = await OwnBroker.CreateAsync();
        var container = ownBroker.Container;
        await using var scenario = await WorkerScenario.StartAsync(await ownBroker.AsFixtureAsync(), "restart", volumes,
            settings: new Dictionary<string, string?> { ["MaxConcurrency"] = "2", ["RetryLimit"] = "10" });
        scenario.Host.ProgramLatency = TimeSpan.FromSeconds(0.3);

        var ids = Enumerable.Range(0, volumes).Select(_ => Requests.UniqueVolume()).ToList();
        for (var i = 0; i < volumes; i++)
        {
            scenario.Grow(i, 2 * GiB);
            await scenario.PublishAsync(scenario.Request(ids[i], i, 2 * GiB));
        }

        await scenario.Client.WaitAsync(o => o.Resized, TimeSpan.FromSeconds(60)); // the stream is flowing
        await container.StopAsync(TestContext.Current.CancellationToken);
        await container.StartAsync(TestContext.Current.CancellationToken);

        foreach (var id in ids)
        {
            var outcome = await scenario.Client.WaitAsync(o => o.VolumeId == id && o.Resized, TimeSpan.FromSeconds(120));
            Assert.Equal(2 * GiB, outcome.Long("newSizeBytes"));
        }

        Assert.All(Enumerable.Range(0, volumes), i => Assert.Equal(2 * GiB, scenario.SizeOf(i)));
    }

    [Fact]
    public async Task A_worker_started_before_its_broker_logs_it_and_consumes_once_the_broker_is_up()
    {
        // The scenario's order does not hold here: the worker starts first, the broker and the control plane after it.
        await using var ownBroker = await OwnBroker.CreateAsync(start: false);
        var host = Requests.UniqueHost("early");
        await using var simulated = SimulatedHost.Create();
        var loop = simulated.AddLoopVolume(1 * GiB);
        loop.Lun.Grow(2 * GiB);
        await using var worker = await RunningWorker.StartAsync(ownBroker.Uri, host, simulated, waitUntilConsuming: false);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // a connection attempt or two fail

        await ownBroker.Container.StartAsync(TestContext.Current.CancellationToken);
        await using var client = await ContractClient.CreateAsync(await ownBroker.AsFixtureAsync(), host);
        await worker.WaitUntilConsumingAsync(TimeSpan.FromSeconds(90));
        var volume = Requests.UniqueVolume();
        await client.PublishAsync(host, Requests.Local(volume, host, 0, 2 * GiB));

        var outcome = await client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(60));
        Assert.True(outcome.Resized, outcome.ToString());
    }

    [Fact]
    public async Task A_worker_stopped_in_the_middle_of_an_operation_gets_the_message_again_after_a_restart_and_converges()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "sigterm");
        scenario.Grow(0, 2 * GiB);
        scenario.Host.ProgramLatency = Timeout.InfiniteTimeSpan; // losetup hangs until killed
        var volume = Requests.UniqueVolume();

        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!scenario.LosetupStarted(0) && DateTime.UtcNow < deadline)
            await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.True(scenario.LosetupStarted(0), "losetup never started");
        await scenario.Worker.StopAsync(); // SIGTERM: in-flight work gets ShutdownTimeout (2 s), then is cut short

        Assert.DoesNotContain(await scenario.Client.DrainAsync(TimeSpan.FromSeconds(1)), o => o.VolumeId == volume);
        scenario.Host.ProgramLatency = TimeSpan.Zero;
        await scenario.StartWorkerAsync();

        var outcome = await scenario.Client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(60));
        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal(2 * GiB, scenario.SizeOf(0));
        Assert.Empty(await scenario.Client.TakeAsync(EntityNames.ErrorQueue(scenario.HostName), 1, TimeSpan.FromSeconds(1)));
    }
}
