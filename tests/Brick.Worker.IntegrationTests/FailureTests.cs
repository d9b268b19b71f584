using System.Text;
using Brick.Contracts;
using static Brick.Testing.Sizes;

namespace Brick.Worker.IntegrationTests;

/// <summary>Bad input, permanent and transient failures: what is published, what lands in the error queue, and that consuming goes on.</summary>
public sealed class FailureTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The error queue path; a compatibility test (docs/worker-service.md): on RabbitMQ 4 and 3.10.</summary>
    [Theory]
    [InlineData(CompatBrokers.Current)]
    [InlineData(CompatBrokers.RabbitMq3)]
    public async Task Bad_input_goes_to_the_error_queue_with_a_reason_and_the_next_good_message_still_succeeds(string which)
    {
        await using var compat = await CompatBrokers.StartAsync(which, broker);
        await using var scenario = await WorkerScenario.StartAsync(compat.Broker, "bad");
        var host = scenario.HostName;
        scenario.Grow(0, 2 * GiB);

        await scenario.Client.PublishAsync(host, Encoding.UTF8.GetBytes("this is not JSON {"), contentType: null);
        var shapeless = Requests.UniqueVolume();
        await scenario.Client.PublishAsync(host, Encoding.UTF8.GetBytes($$"""{"volumeId":"{{shapeless}}","host":"{{host}}","newSizeBytes":"lots"}"""));
        var good = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(good, 0, 2 * GiB));

        var rejected = await scenario.Client.WaitForVolumeAsync(shapeless, Patience);
        Assert.False(rejected.Resized, rejected.ToString());
        Assert.Equal(nameof(ResizeFailureReason.InvalidRequest), rejected.Reason);
        Assert.False(rejected.Flag("retriable"));
        var succeeded = await scenario.Client.WaitForVolumeAsync(good, Patience);
        Assert.True(succeeded.Resized, succeeded.ToString());

        var errors = await scenario.Client.TakeAsync(EntityNames.ErrorQueue(host), 2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(nameof(ResizeFailureReason.InvalidRequest), e.Reason));
        Assert.Contains(errors, e => e.Body == "this is not JSON {");
        Assert.Contains(errors, e => e.Body.Contains(shapeless, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_permanent_failure_is_published_at_once_and_its_message_goes_to_the_error_queue()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "perm");

        var volume = Requests.UniqueVolume();
        var request = (Dictionary<string, object?>)scenario.Request(volume, 0, 2 * GiB);
        request["connection"] = new Dictionary<string, object?> { ["driverVolumeType"] = "rbd", ["data"] = new Dictionary<string, object?>() };
        await scenario.PublishAsync(request);

        var failed = await scenario.Client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(10));
        Assert.Equal(nameof(ResizeFailureReason.Unsupported), failed.Reason);
        Assert.False(failed.Flag("retriable"));
        Assert.False(scenario.LosetupStarted(0)); // no host command ran
        Assert.Empty(scenario.Host.ProgramCalls);
        var errors = await scenario.Client.TakeAsync(EntityNames.ErrorQueue(scenario.HostName), 1, TimeSpan.FromSeconds(10));
        Assert.Equal(nameof(ResizeFailureReason.Unsupported), Assert.Single(errors).Reason);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_with_back_off_until_the_array_has_grown()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "slowarray",
            settings: new Dictionary<string, string?> { ["RetryLimit"] = "10" });

        var volume = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // a try or two time out meanwhile
        scenario.Grow(0, 2 * GiB);

        var outcome = await scenario.Client.WaitForVolumeAsync(volume, Patience);
        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal(2 * GiB, outcome.Long("newSizeBytes"));
        Assert.DoesNotContain(await scenario.Client.DrainAsync(TimeSpan.FromSeconds(1)), o => o.VolumeId == volume && !o.Resized);
        Assert.Empty(await scenario.Client.TakeAsync(EntityNames.ErrorQueue(scenario.HostName), 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_transient_failure_that_outlasts_the_retries_is_published_as_retriable_and_moved_to_the_error_queue()
    {
        await using var scenario = await WorkerScenario.StartAsync(broker, "giveup",
            settings: new Dictionary<string, string?> { ["RetryLimit"] = "2" });

        var volume = Requests.UniqueVolume();
        await scenario.PublishAsync(scenario.Request(volume, 0, 2 * GiB));

        var failed = await scenario.Client.WaitForVolumeAsync(volume, Patience);
        Assert.False(failed.Resized);
        Assert.Equal(nameof(ResizeFailureReason.RescanTimeout), failed.Reason);
        Assert.True(failed.Flag("retriable"));
        Assert.Equal(1 * GiB, failed.Long("observedSizeBytes"));
        Assert.Equal(1, (await scenario.Client.DrainAsync(TimeSpan.FromSeconds(1))).Count(o => o.VolumeId == volume)); // one outcome, not one per try
        var error = Assert.Single(await scenario.Client.TakeAsync(EntityNames.ErrorQueue(scenario.HostName), 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(nameof(ResizeFailureReason.RescanTimeout), error.Reason);
    }
}
