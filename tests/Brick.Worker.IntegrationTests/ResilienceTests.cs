using Brick.Contracts;
using Brick.Service.Settings;

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
        var own = await ownBroker.AsFixtureAsync();
        var host = Requests.UniqueHost("restart");
        using var loops = new LoopHost(volumes, 1 * Requests.GiB);
        loops.SetDelay(0.3);
        await using var client = await ContractClient.CreateAsync(own, host);
        await using var worker = await RunningWorker.StartAsync(own.Uri, host, loops,
            new Dictionary<string, string?> { [nameof(WorkerSettings.MaxConcurrency)] = "2", [nameof(WorkerSettings.RetryLimit)] = "10" });

        var ids = Enumerable.Range(0, volumes).Select(_ => Requests.UniqueVolume()).ToList();
        for (var i = 0; i < volumes; i++)
        {
            loops.Grow(i, 2 * Requests.GiB);
            await client.PublishAsync(host, Requests.Local(ids[i], host, i, 2 * Requests.GiB));
        }

        await client.WaitAsync(o => o.Resized, TimeSpan.FromSeconds(60)); // the stream is flowing
        await container.StopAsync(TestContext.Current.CancellationToken);
        await container.StartAsync(TestContext.Current.CancellationToken);

        foreach (var id in ids)
        {
            var outcome = await client.WaitAsync(o => o.VolumeId == id && o.Resized, TimeSpan.FromSeconds(120));
            Assert.Equal(2 * Requests.GiB, outcome.Long("newSizeBytes"));
        }

        Assert.All(Enumerable.Range(0, volumes), i => Assert.Equal(2 * Requests.GiB, loops.SizeOf(i)));
    }

    [Fact]
    public async Task A_worker_started_before_its_broker_logs_it_and_consumes_once_the_broker_is_up()
    {
        await using var ownBroker = await OwnBroker.CreateAsync(start: false);
        var host = Requests.UniqueHost("early");
        using var loops = new LoopHost(1, 1 * Requests.GiB);
        loops.Grow(0, 2 * Requests.GiB);
        await using var worker = await RunningWorker.StartAsync(ownBroker.Uri, host, loops, waitUntilConsuming: false);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // a connection attempt or two fail

        await ownBroker.Container.StartAsync(TestContext.Current.CancellationToken);
        await using var client = await ContractClient.CreateAsync(await ownBroker.AsFixtureAsync(), host);
        await worker.WaitUntilConsumingAsync(TimeSpan.FromSeconds(90));
        var volume = Requests.UniqueVolume();
        await client.PublishAsync(host, Requests.Local(volume, host, 0, 2 * Requests.GiB));

        var outcome = await client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(60));
        Assert.True(outcome.Resized, outcome.ToString());
    }

    [Fact]
    public async Task A_worker_stopped_in_the_middle_of_an_operation_gets_the_message_again_after_a_restart_and_converges()
    {
        broker.Require();
        var host = Requests.UniqueHost("sigterm");
        using var loops = new LoopHost(1, 1 * Requests.GiB);
        loops.Grow(0, 2 * Requests.GiB);
        loops.SetSlow(true);
        await using var client = await ContractClient.CreateAsync(broker, host);
        var volume = Requests.UniqueVolume();

        await using (var first = await RunningWorker.StartAsync(broker.Uri, host, loops))
        {
            await client.PublishAsync(host, Requests.Local(volume, host, 0, 2 * Requests.GiB));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!loops.Started(0) && DateTime.UtcNow < deadline)
                await Task.Delay(50, TestContext.Current.CancellationToken);
            Assert.True(loops.Started(0), "losetup never started");
            await first.StopAsync(); // SIGTERM: in-flight work gets ShutdownTimeout (2 s), then is cut short
        }

        Assert.DoesNotContain(await client.DrainAsync(TimeSpan.FromSeconds(1)), o => o.VolumeId == volume);
        loops.SetSlow(false);
        await using var second = await RunningWorker.StartAsync(broker.Uri, host, loops);

        var outcome = await client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(60));
        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal(2 * Requests.GiB, loops.SizeOf(0));
        Assert.Empty(await client.TakeAsync(EntityNames.ErrorQueue(host), 1, TimeSpan.FromSeconds(1)));
    }
}
