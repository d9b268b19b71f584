using System.Text;
using System.Text.Json;
using Brick.Contracts;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests.Messaging;

/// <summary>Requests the worker refuses on the real broker: one for another host, one in a content type it does not read.</summary>
public sealed class RejectedRequestTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_request_for_another_host_is_answered_as_Misrouted_under_this_host_naming_the_intended_one()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "misrouted");
        var intended = Requests.UniqueHost("intended");
        await using var intendedHost = await ContractClient.CreateAsync(broker, intended);
        var volume = Requests.UniqueVolume();

        await scenario.Client.PublishAsync(scenario.HostName, Requests.Local(volume, intended, 0, 2 * GiB)); // this host's key, another host's body

        var failed = await scenario.Client.WaitForVolumeAsync(volume, Patience);
        Assert.False(failed.Resized);
        Assert.Equal(nameof(ResizeFailureReason.Misrouted), failed.Reason);
        Assert.Equal(scenario.HostName, failed.RoutingKey);
        Assert.Equal(scenario.HostName, failed.Text("host"));
        Assert.Contains(intended, failed.Text("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain(await intendedHost.DrainAsync(TimeSpan.FromSeconds(1)), o => o.VolumeId == volume); // nothing said for the other host
        Assert.Empty(scenario.Host.ProgramCalls);
        var copy = Assert.Single(await ErrorCopies.TakeAsync(broker, EntityNames.ErrorQueue(scenario.HostName), 1, Patience));
        Assert.Equal(nameof(ResizeFailureReason.Misrouted), copy.Header(EntityNames.ReasonHeader));
    }

    [Fact]
    public async Task A_request_in_another_content_type_gets_an_InvalidRequest_outcome_and_lands_in_the_error_queue()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "textplain");
        scenario.Grow(0, 2 * GiB);
        var volume = Requests.UniqueVolume();
        var body = JsonSerializer.SerializeToUtf8Bytes(scenario.Request(volume, 0, 2 * GiB)); // readable: a valid request

        await scenario.Client.PublishAsync(scenario.HostName, body, contentType: "text/plain");

        var failed = await scenario.Client.WaitForVolumeAsync(volume, Patience);
        Assert.False(failed.Resized);
        Assert.Equal(nameof(ResizeFailureReason.InvalidRequest), failed.Reason);
        Assert.Contains("text/plain", failed.Text("detail"), StringComparison.Ordinal);
        Assert.False(scenario.LosetupStarted(0));
        Assert.Equal(GiB, scenario.SizeOf(0)); // not grown: nothing ran
        var copy = Assert.Single(await ErrorCopies.TakeAsync(broker, EntityNames.ErrorQueue(scenario.HostName), 1, Patience));
        Assert.Equal(nameof(ResizeFailureReason.InvalidRequest), copy.Header(EntityNames.ReasonHeader));
        Assert.Equal("text/plain", copy.ContentType);
        Assert.Equal(Encoding.UTF8.GetString(body), copy.Body);
    }
}
