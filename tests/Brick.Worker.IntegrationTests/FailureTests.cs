using System.Text;
using Brick.Contracts;
using Brick.Service.Settings;

namespace Brick.Worker.IntegrationTests;

/// <summary>Bad input, permanent and transient failures: what is published, what lands in the error queue, and that consuming goes on.</summary>
public sealed class FailureTests(BrokerFixture broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Bad_input_goes_to_the_error_queue_with_a_reason_and_the_next_good_message_still_succeeds()
    {
        broker.Require();
        var host = Requests.UniqueHost("bad");
        using var loops = new LoopHost(1, 1 * Requests.GiB);
        await using var client = await ContractClient.CreateAsync(broker, host);
        await using var worker = await RunningWorker.StartAsync(broker.Uri, host, loops);
        loops.Grow(0, 2 * Requests.GiB);

        await client.PublishAsync(host, Encoding.UTF8.GetBytes("this is not JSON {"), contentType: null);
        var shapeless = Requests.UniqueVolume();
        await client.PublishAsync(host, Encoding.UTF8.GetBytes($$"""{"volumeId":"{{shapeless}}","host":"{{host}}","newSizeBytes":"lots"}"""));
        var good = Requests.UniqueVolume();
        await client.PublishAsync(host, Requests.Local(good, host, 0, 2 * Requests.GiB));

        var rejected = await client.WaitForVolumeAsync(shapeless, Patience);
        Assert.False(rejected.Resized, rejected.ToString());
        Assert.Equal(nameof(ResizeFailureReason.InvalidRequest), rejected.Reason);
        Assert.False(rejected.Flag("retriable"));
        var succeeded = await client.WaitForVolumeAsync(good, Patience);
        Assert.True(succeeded.Resized, succeeded.ToString());

        var errors = await client.TakeAsync(EntityNames.ErrorQueue(host), 2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(nameof(ResizeFailureReason.InvalidRequest), e.Reason));
        Assert.Contains(errors, e => e.Body == "this is not JSON {");
        Assert.Contains(errors, e => e.Body.Contains(shapeless, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_permanent_failure_is_published_at_once_and_its_message_goes_to_the_error_queue()
    {
        broker.Require();
        var host = Requests.UniqueHost("perm");
        using var loops = new LoopHost(1, 1 * Requests.GiB);
        await using var client = await ContractClient.CreateAsync(broker, host);
        await using var worker = await RunningWorker.StartAsync(broker.Uri, host, loops);

        var volume = Requests.UniqueVolume();
        var request = (Dictionary<string, object?>)Requests.Local(volume, host, 0, 2 * Requests.GiB);
        request["connection"] = new Dictionary<string, object?> { ["driverVolumeType"] = "rbd", ["data"] = new Dictionary<string, object?>() };
        await client.PublishAsync(host, request);

        var failed = await client.WaitForVolumeAsync(volume, TimeSpan.FromSeconds(10));
        Assert.Equal(nameof(ResizeFailureReason.Unsupported), failed.Reason);
        Assert.False(failed.Flag("retriable"));
        Assert.False(loops.Started(0)); // no host command ran
        var errors = await client.TakeAsync(EntityNames.ErrorQueue(host), 1, TimeSpan.FromSeconds(10));
        Assert.Equal(nameof(ResizeFailureReason.Unsupported), Assert.Single(errors).Reason);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_with_back_off_until_the_array_has_grown()
    {
        broker.Require();
        var host = Requests.UniqueHost("slowarray");
        using var loops = new LoopHost(1, 1 * Requests.GiB);
        await using var client = await ContractClient.CreateAsync(broker, host);
        await using var worker = await RunningWorker.StartAsync(broker.Uri, host, loops,
            new Dictionary<string, string?> { [nameof(WorkerSettings.RetryLimit)] = "10" });

        var volume = Requests.UniqueVolume();
        await client.PublishAsync(host, Requests.Local(volume, host, 0, 2 * Requests.GiB));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // a try or two time out meanwhile
        loops.Grow(0, 2 * Requests.GiB);

        var outcome = await client.WaitForVolumeAsync(volume, Patience);
        Assert.True(outcome.Resized, outcome.ToString());
        Assert.Equal(2 * Requests.GiB, outcome.Long("newSizeBytes"));
        Assert.DoesNotContain(await client.DrainAsync(TimeSpan.FromSeconds(1)), o => o.VolumeId == volume && !o.Resized);
        Assert.Empty(await client.TakeAsync(EntityNames.ErrorQueue(host), 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_transient_failure_that_outlasts_the_retries_is_published_as_retriable_and_moved_to_the_error_queue()
    {
        broker.Require();
        var host = Requests.UniqueHost("giveup");
        using var loops = new LoopHost(1, 1 * Requests.GiB);
        await using var client = await ContractClient.CreateAsync(broker, host);
        await using var worker = await RunningWorker.StartAsync(broker.Uri, host, loops,
            new Dictionary<string, string?> { [nameof(WorkerSettings.RetryLimit)] = "2" });

        var volume = Requests.UniqueVolume();
        await client.PublishAsync(host, Requests.Local(volume, host, 0, 2 * Requests.GiB));

        var failed = await client.WaitForVolumeAsync(volume, Patience);
        Assert.False(failed.Resized);
        Assert.Equal(nameof(ResizeFailureReason.RescanTimeout), failed.Reason);
        Assert.True(failed.Flag("retriable"));
        Assert.Equal(1 * Requests.GiB, failed.Long("observedSizeBytes"));
        Assert.Equal(1, (await client.DrainAsync(TimeSpan.FromSeconds(1))).Count(o => o.VolumeId == volume)); // one outcome, not one per try
        var error = Assert.Single(await client.TakeAsync(EntityNames.ErrorQueue(host), 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(nameof(ResizeFailureReason.RescanTimeout), error.Reason);
    }
}
