using Brick.Service.Composition;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Service.Tests.Composition;

/// <summary>The stall guard: asks the broker only after a sign of trouble, stops the service when its queue keeps no consumer.</summary>
public sealed class ConsumerStallGuardTests
{
    private static readonly StallTiming Quick = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));

    [Fact]
    public async Task A_queue_that_keeps_no_consumer_after_a_publish_timed_out_stops_the_service_with_the_reason()
    {
        var (guard, probe, exit, lifetime) = Guard(_ => 0);
        await guard.StartAsync(TestContext.Current.CancellationToken);

        guard.Suspect("HostVolumeResized was not confirmed within PublishTimeout");

        await lifetime.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(exit.GaveUp);
        Assert.StartsWith("The broker has shown no consumer on brick-worker.compute-1 for ", exit.Reason);
        Assert.EndsWith(" s after HostVolumeResized was not confirmed within PublishTimeout: the broker connection stalled", exit.Reason);
        Assert.True(probe.Calls >= 2, $"asked {probe.Calls} time(s)");
        await guard.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_consumer_seen_again_ends_the_look_and_the_broker_is_not_asked_any_more()
    {
        var (guard, probe, exit, lifetime) = Guard(call => call < 3 ? 0u : 1u);
        await guard.StartAsync(TestContext.Current.CancellationToken);

        guard.Suspect("a publish timed out");
        await WaitUntilAsync(() => probe.Calls >= 4);
        var asked = probe.Calls;
        await Task.Delay(Quick.StallTimeout * 2, TestContext.Current.CancellationToken);

        Assert.Equal(asked, probe.Calls);
        Assert.False(exit.GaveUp);
        Assert.False(lifetime.Stopped.Task.IsCompleted);
        await guard.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Without_a_sign_of_trouble_the_broker_is_never_asked()
    {
        var (guard, probe, exit, _) = Guard(_ => 0);
        await guard.StartAsync(TestContext.Current.CancellationToken);

        await Task.Delay(Quick.StallTimeout * 2, TestContext.Current.CancellationToken);

        Assert.Equal(0, probe.Calls);
        Assert.False(exit.GaveUp);
        await guard.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_broker_that_cannot_be_asked_is_not_taken_for_a_queue_without_consumer()
    {
        var (guard, probe, exit, _) = Guard(_ => null);
        await guard.StartAsync(TestContext.Current.CancellationToken);

        guard.Suspect("a publish timed out");
        await WaitUntilAsync(() => probe.Calls >= 3);
        await Task.Delay(Quick.StallTimeout * 2, TestContext.Current.CancellationToken);

        Assert.False(exit.GaveUp);
        Assert.True(probe.Calls > 3, $"asked {probe.Calls} time(s): it keeps asking while it cannot");
        await guard.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_suspicion_after_the_service_stopped_is_ignored_without_an_exception()
    {
        var (guard, probe, exit, _) = Guard(_ => 0);
        await guard.StartAsync(TestContext.Current.CancellationToken);
        await guard.StopAsync(TestContext.Current.CancellationToken);
        guard.Dispose();

        guard.Suspect("a publish timed out while stopping");

        Assert.Equal(0, probe.Calls);
        Assert.False(exit.GaveUp);
    }

    private static (ConsumerStallGuard Guard, CountingProbe Probe, ConsumerExit Exit, StoppingLifetime Lifetime) Guard(Func<int, uint?> answer)
    {
        var probe = new CountingProbe(answer);
        var exit = new ConsumerExit();
        var lifetime = new StoppingLifetime();
        return (new ConsumerStallGuard(probe, exit, lifetime, Quick, TimeProvider.System, NullLogger<ConsumerStallGuard>.Instance), probe, exit, lifetime);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within 10 s");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    private sealed class CountingProbe(Func<int, uint?> answer) : IQueueConsumers
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Queue => "brick-worker.compute-1";

        public Task<uint?> CountAsync(CancellationToken cancellationToken) => Task.FromResult(answer(Interlocked.Increment(ref _calls) - 1));
    }

    private sealed class StoppingLifetime : IHostApplicationLifetime
    {
        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopped.TrySetResult();
    }
}
