using Brick.Contracts;
using Brick.Service.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Health;

/// <summary>The readiness checks of a worker on a real broker, and the binding that vanishes while the worker consumes.</summary>
public sealed class ReadinessTests(BrokerFixture broker)
{
    private static Task<HealthReport> ReadinessAsync(RunningWorker worker) =>
        worker.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Tags.Contains(HealthTags.Ready), TestContext.Current.CancellationToken);

    private static string Describe(HealthReport report) =>
        string.Join("; ", report.Entries.Select(e => $"{e.Key} {e.Value.Status}: {e.Value.Description}"));

    [Fact]
    public async Task A_consuming_worker_is_ready_on_every_check()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "ready");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var report = await ReadinessAsync(scenario.Worker);
        while (report.Status != HealthStatus.Healthy && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            report = await ReadinessAsync(scenario.Worker);
        }

        Assert.True(report.Status == HealthStatus.Healthy, Describe(report));
        Assert.Equal(["binding", "bus", "multipathd", "roots"], report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal($"topology declared; brick.volume-extended → {EntityNames.WorkerQueue(scenario.HostName)} (key {scenario.HostName}) bound",
            report.Entries["binding"].Description);
    }

    [Fact]
    public async Task A_binding_deleted_while_the_worker_consumes_is_restored_by_the_next_probe()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "unbound");
        var queue = EntityNames.WorkerQueue(scenario.HostName);
        // Served once first: the endpoint has bound its queue by then, so the binding deleted below is the worker's.
        var first = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(first, 0, GiB));
        Assert.True((await scenario.Client.WaitForVolumeAsync(first, TimeSpan.FromSeconds(60))).Resized);
        await scenario.Client.Channel.QueueUnbindAsync(queue, EntityNames.VolumeExtendedExchange, scenario.HostName,
            cancellationToken: TestContext.Current.CancellationToken);

        // Unbound: the request goes to brick.unrouted and the worker, still consuming, never sees it.
        var lost = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(lost, 0, GiB));
        await Assert.ThrowsAsync<TimeoutException>(() => scenario.Client.WaitForVolumeAsync(lost, TimeSpan.FromSeconds(3)));

        var report = await ReadinessAsync(scenario.Worker);
        scenario.Grow(0, 2 * GiB);
        var served = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(served, 0, 2 * GiB));
        var outcome = await scenario.Client.WaitForVolumeAsync(served, TimeSpan.FromSeconds(60));

        Assert.Equal(HealthStatus.Healthy, report.Entries["binding"].Status);
        Assert.True(outcome.Resized, outcome.ToString());
    }

    [Fact]
    public async Task A_worker_queue_that_is_gone_makes_the_binding_check_fail_naming_it()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "noqueue");
        await scenario.Worker.StopAsync();
        await broker.RemoveAsync([EntityNames.WorkerQueue(scenario.HostName)], []);

        var result = (await ReadinessAsync(scenario.Worker)).Entries["binding"];

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains($"'{EntityNames.WorkerQueue(scenario.HostName)}'", result.Description, StringComparison.Ordinal);
    }
}
