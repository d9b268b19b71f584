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

    private static async Task<bool> SeenInAsync(RabbitMQ.Client.IChannel channel, string queue, string volume, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            while (await channel.BasicGetAsync(queue, autoAck: true, TestContext.Current.CancellationToken) is { } message)
            {
                if (System.Text.Encoding.UTF8.GetString(message.Body.Span).Contains(volume, StringComparison.Ordinal))
                    return true;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return false;
    }

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
        // MassTransit routes brick.volume-extended to the endpoint's exchange (named as its queue), which feeds the queue;
        // a probe binds the queue itself as well. Both routes go, as when an operator deletes "the binding".
        await scenario.Client.Channel.ExchangeUnbindAsync(queue, EntityNames.VolumeExtendedExchange, scenario.HostName,
            cancellationToken: TestContext.Current.CancellationToken);
        await scenario.Client.Channel.QueueUnbindAsync(queue, EntityNames.VolumeExtendedExchange, scenario.HostName,
            cancellationToken: TestContext.Current.CancellationToken);

        // Unbound: the request is unroutable and goes to brick.unrouted (a fanout). A queue of this test's own, bound to
        // it, sees it there, whoever else takes from brick.unrouted (the replay tests share this broker).
        var ct = TestContext.Current.CancellationToken;
        var witness = (await scenario.Client.Channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: ct)).QueueName;
        await scenario.Client.Channel.QueueBindAsync(witness, EntityNames.Unrouted, "", cancellationToken: ct);
        var lost = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(lost, 0, GiB));
        Assert.True(await SeenInAsync(scenario.Client.Channel, witness, lost, TimeSpan.FromSeconds(30)), $"{lost} did not go to {EntityNames.Unrouted}: the binding was not deleted");

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

    [Fact]
    public async Task A_worker_whose_user_loses_its_configure_permission_is_not_ready_and_readyz_names_no_user()
    {
        await using var user = await BrokerUser.CreateAsync(broker, "readyz-user");
        await using var scenario = await WorkerScenario.StartAsync(broker, "lostperm", workerBroker: user.Uri);
        var ready = await ReadinessAsync(scenario.Worker);
        Assert.True(ready.Entries["binding"].Status == HealthStatus.Healthy, Describe(ready));

        await user.AllowConfigureAsync("^$");
        var report = await ReadinessAsync(scenario.Worker);
        var body = System.Text.Encoding.UTF8.GetString(Brick.Service.Http.HealthJson.Write(report));

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["binding"].Status);
        Assert.Contains("ACCESS_REFUSED", body, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Name, body, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Password, body, StringComparison.Ordinal);
    }
}
