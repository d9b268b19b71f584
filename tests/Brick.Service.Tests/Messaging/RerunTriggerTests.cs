using System.Threading.Channels;
using Brick.Service.Messaging;

namespace Brick.Service.Tests.Messaging;

public sealed class RerunTriggerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_pull_runs_the_work()
    {
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new RerunTrigger(() => { ran.TrySetResult(); return Task.CompletedTask; }).Pull();

        await ran.Task.WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_pull_while_the_work_runs_runs_it_once_more_when_it_ends()
    {
        var work = new GatedWork();
        var trigger = new RerunTrigger(work.RunAsync);

        trigger.Pull();
        await work.WaitForStartAsync(1);
        trigger.Pull(); // while run 1 is held at its gate
        work.Release();
        await work.WaitForStartAsync(2);
        work.Release();

        await work.WaitUntilQuietAsync();
        Assert.Equal(2, work.Runs);
    }

    [Fact]
    public async Task Many_pulls_while_the_work_runs_make_one_more_run_and_never_two_at_once()
    {
        var work = new GatedWork();
        var trigger = new RerunTrigger(work.RunAsync);

        trigger.Pull();
        await work.WaitForStartAsync(1);
        for (var i = 0; i < 50; i++)
            trigger.Pull();
        work.Release();
        await work.WaitForStartAsync(2);
        work.Release();

        await work.WaitUntilQuietAsync();
        Assert.Equal(2, work.Runs);
        Assert.Equal(1, work.MostAtOnce);
    }

    [Fact]
    public async Task A_pull_after_the_work_ended_runs_it_again()
    {
        var work = new GatedWork();
        var trigger = new RerunTrigger(work.RunAsync);
        trigger.Pull();
        await work.WaitForStartAsync(1);
        work.Release();
        await work.WaitUntilQuietAsync();

        trigger.Pull();
        await work.WaitForStartAsync(2);
        work.Release();

        await work.WaitUntilQuietAsync();
        Assert.Equal(2, work.Runs);
    }

    /// <summary>Work that reports each start and waits at a gate the test opens; it counts runs and overlaps.</summary>
    private sealed class GatedWork
    {
        private readonly Channel<int> _started = Channel.CreateUnbounded<int>();
        private readonly SemaphoreSlim _gate = new(0);
        private int _running;
        private int _runs;
        private int _mostAtOnce;

        public int Runs => Volatile.Read(ref _runs);

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public async Task RunAsync()
        {
            var now = Interlocked.Increment(ref _running);
            InterlockedMax(ref _mostAtOnce, now);
            _started.Writer.TryWrite(Interlocked.Increment(ref _runs));
            await _gate.WaitAsync(Bound);
            Interlocked.Decrement(ref _running);
        }

        public void Release() => _gate.Release();

        public async Task WaitForStartAsync(int run)
        {
            using var bound = new CancellationTokenSource(Bound);
            while (await _started.Reader.ReadAsync(bound.Token) != run)
            {
            }
        }

        /// <summary>Waits until no run is under way and none starts within a short look (a rerun starts at once).</summary>
        public async Task WaitUntilQuietAsync()
        {
            var deadline = DateTime.UtcNow + Bound;
            while (Volatile.Read(ref _running) > 0 && DateTime.UtcNow < deadline)
                await Task.Delay(10);
            await Task.Delay(200);
            Assert.Equal(0, Volatile.Read(ref _running));
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
