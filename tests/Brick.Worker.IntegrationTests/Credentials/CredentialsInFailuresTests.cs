using Brick.Contracts;
using Brick.Simulation.Hosts;
using Brick.Testing;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Credentials;

/// <summary>
/// The broker user's name and password, given in the broker URI, stay out of what a failure leaves behind on the real
/// broker: the error queue copy's headers (<c>MT-Fault-*</c>, <c>MT-Reason</c>, <c>brick-*</c>), the published
/// failure's <c>detail</c>, and the worker's log. (The command line, the log of a start and the environment of the
/// programs it runs are <c>Brick.Deploy.Tests</c>' <c>BrokerPasswordTests</c>.)
/// </summary>
public sealed class CredentialsInFailuresTests(BrokerFixture broker)
{
    [Fact]
    public async Task A_refusal_naming_the_broker_user_leaves_neither_its_name_nor_its_password_in_headers_details_or_the_log()
    {
        broker.Require();
        var hostName = Requests.UniqueHost("creds");
        await using var host = SimulatedHost.Create();
        host.AddLoopVolume(GiB).Lun.Grow(2 * GiB);
        // The broker refuses the success "for user '<name>'", which MassTransit's fault headers and log lines would repeat.
        await using var user = await BrokerUser.CreateAsync(broker, "secretuser", write: BrokerUser.AllBut(EntityNames.HostVolumeResizedExchange));
        var directory = Directory.CreateTempSubdirectory("brick-creds.").FullName;
        var settings = ProcessWorker.Settings(host, hostName, user.Uri, directory);
        settings["RetryLimit"] = "1";
        settings["PublishTimeout"] = "00:00:01";
        await using var client = await ContractClient.CreateAsync(broker, hostName);
        try
        {
            await using var worker = ProcessWorker.Start(settings, directory, Path.Combine(directory, "worker.log"));
            await ProcessWorker.WaitUntilConsumedAsync(broker, EntityNames.WorkerQueue(hostName), worker);
            var grown = Requests.UniqueVolume();
            await client.PublishAsync(hostName, Requests.Local(grown, hostName, 0, 2 * GiB));
            var unsupported = Requests.UniqueVolume();
            var request = (Dictionary<string, object?>)Requests.Local(unsupported, hostName, 0, 2 * GiB);
            request["connection"] = new Dictionary<string, object?> { ["driverVolumeType"] = "rbd", ["data"] = new Dictionary<string, object?>() };
            await client.PublishAsync(hostName, request);

            var copies = await ErrorCopies.TakeAsync(broker, EntityNames.ErrorQueue(hostName), 2, TimeSpan.FromSeconds(60));
            var failure = await client.WaitForVolumeAsync(unsupported, TimeSpan.FromSeconds(30));
            await worker.KillAsync();
            var log = worker.Output;

            Assert.Equal(2, copies.Count);
            var refused = Assert.Single(copies, c => c.Header(EntityNames.ReasonHeader) == "OutcomeNotPublished");
            // The broker's refusal, which names the user, did reach the log, masked: the test would see the name if it were there.
            Assert.Contains("refused for user '***'", log, StringComparison.Ordinal);
            Assert.Contains("PublishTimeout", refused.Header("MT-Fault-Message"), StringComparison.Ordinal);
            foreach (var secret in new[] { user.Name, user.Password })
            {
                Assert.All(copies, c => Assert.DoesNotContain(secret, string.Join('\n', c.Headers.Select(h => $"{h.Key}: {h.Value}")), StringComparison.Ordinal));
                Assert.DoesNotContain(secret, failure.Text("detail"), StringComparison.Ordinal);
                Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
            }
        }
        finally
        {
            await ProcessWorker.RemoveAsync(broker, hostName);
            Directory.Delete(directory, recursive: true);
        }
    }
}
