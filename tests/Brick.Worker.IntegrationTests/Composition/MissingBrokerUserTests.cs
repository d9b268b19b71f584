using Brick.Contracts;
using Brick.Service.Health;
using Brick.Service.Composition;
using Brick.Simulation.Hosts;
using Brick.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Composition;

/// <summary>
/// <c>brick-worker run</c> started before its broker user exists, as a new host is often set up: it does not stay up
/// doing nothing; it exits 3, and started again once the user exists (as systemd's <c>Restart=</c> does) it consumes.
/// </summary>
public sealed class MissingBrokerUserTests(BrokerFixture broker)
{
    [Fact]
    public async Task A_worker_whose_broker_user_does_not_exist_exits_3_and_consumes_once_started_again_after_the_user_is_made()
    {
        broker.Require();
        var hostName = Requests.UniqueHost("nouser");
        await using var host = SimulatedHost.Create();
        var lun = host.AddLoopVolume(GiB).Lun;
        await using var user = BrokerUser.Named(broker, "late");
        var directory = Directory.CreateTempSubdirectory("brick-nouser.").FullName;
        var settings = ProcessWorker.Settings(host, hostName, user.Uri, directory);
        await using var client = await ContractClient.CreateAsync(broker, hostName);
        try
        {
            await using (var refused = ProcessWorker.Start(settings, directory, Path.Combine(directory, "refused.log")))
            {
                var exit = await refused.WaitForExitAsync(TimeSpan.FromSeconds(60));
                Assert.True(exit == 3, $"exit {exit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none: still running after 60 s"}: {refused.Tail()}");
                var log = refused.Output;
                Assert.Contains("The bus could not start", log, StringComparison.Ordinal);
                Assert.DoesNotContain(user.Password, log, StringComparison.Ordinal);
            }

            await user.CreateAsync();
            await using var worker = ProcessWorker.Start(settings, directory, Path.Combine(directory, "started.log"));
            await ProcessWorker.WaitUntilConsumedAsync(broker, EntityNames.WorkerQueue(hostName), worker);
            lun.Grow(2 * GiB);
            var volume = Requests.UniqueVolume();
            await client.PublishAsync(hostName, Requests.Local(volume, hostName, 0, 2 * GiB));

            var outcome = await client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(60));
            Assert.True(outcome.Resized, $"{outcome}\n{worker.Tail()}");
        }
        finally
        {
            await ProcessWorker.RemoveAsync(broker, hostName);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// The same for <c>blockresize</c> and <c>cinder-bridge</c>, on the consumers' one skeleton (issue 21): before it, both
    /// stayed up doing nothing with a bus that could not start.
    /// </summary>
    [Theory]
    [InlineData("blockresize")]
    [InlineData("cinder-bridge")]
    public async Task Every_consumer_whose_broker_user_does_not_exist_exits_3_saying_why(string command)
    {
        broker.Require();
        await using var user = BrokerUser.Named(broker, "never");
        var directory = Directory.CreateTempSubdirectory("brick-nouser.").FullName;
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Host"] = Requests.UniqueHost("nouser"), ["Broker"] = user.Uri.ToString(),
                ["LockDirectory"] = Path.Combine(directory, "locks"), ["QmpDirectory"] = directory,
            };
            await using var refused = ProcessWorker.Start(settings, directory, Path.Combine(directory, "refused.log"), command);

            var exit = await refused.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.True(exit == 3, $"exit {exit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none: still running after 60 s"}: {refused.Tail()}");
            Assert.Contains("The bus could not start", refused.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(user.Password, refused.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_worker_whose_broker_user_does_not_exist_is_not_ready_and_its_readiness_says_why()
    {
        broker.Require();
        await using var host = SimulatedHost.Create();
        await using var user = BrokerUser.Named(broker, "absent");
        await using var worker = await RunningWorker.StartAsync(user.Uri, Requests.UniqueHost("notready"), host, waitUntilConsuming: false);
        var exit = worker.Services.GetRequiredService<ConsumerExit>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!exit.GaveUp && DateTime.UtcNow < deadline)
            await Task.Delay(100, TestContext.Current.CancellationToken);

        var bus = (await worker.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Tags.Contains(HealthTags.Ready), TestContext.Current.CancellationToken)).Entries["bus"];

        Assert.True(exit.GaveUp, "the worker did not give up within 30 s");
        Assert.Contains("ACCESS_REFUSED", exit.Reason, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, bus.Status);
        Assert.Contains("bus could not start", bus.Description, StringComparison.Ordinal);
        Assert.Contains("ACCESS_REFUSED", bus.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Password, bus.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Name, bus.Description, StringComparison.Ordinal);
    }
}
