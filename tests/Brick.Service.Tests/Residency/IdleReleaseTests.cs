using System.Diagnostics;
using Brick.Service.Residency;
using Brick.Service.Settings;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Brick.Service.Tests.Residency;

/// <summary>
/// On the real clock with a short idle time: a release never comes sooner than the idle time after the last work (the
/// lower bounds are exact), and the upper bounds are generous, so a loaded machine makes a test slower, not red.
/// </summary>
public sealed class IdleReleaseTests
{
    private static readonly TimeSpan After = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_worker_releases_once_it_has_been_idle_after_start_and_not_again_soon_while_nothing_happens()
    {
        await using var idle = await IdleWorker.StartAsync(release: true);

        var at = await idle.NextReleaseAsync();
        Assert.True(at >= After, $"released {at} after start");
        await idle.ExpectNoReleaseAsync(After * 3);
        Assert.Equal(1, idle.Releases);
    }

    [Fact]
    public async Task A_worker_that_stays_idle_releases_again_after_twenty_times_the_idle_time()
    {
        await using var idle = await IdleWorker.StartAsync(release: true);
        await idle.NextReleaseAsync();

        await idle.NextReleaseAsync();

        var again = idle.ReleasedAt[1] - idle.ReleasedAt[0];
        // The timer's own resolution (a few ms) is the only slack: a release any sooner is a bug.
        Assert.True(again >= After * IdleRelease.Later - TimeSpan.FromMilliseconds(20), $"released again {again} after the first release");
        Assert.Equal(2, idle.Releases);
    }

    [Fact]
    public async Task A_worker_releases_again_only_once_a_message_has_been_done_with_for_the_idle_time()
    {
        await using var idle = await IdleWorker.StartAsync(release: true);
        await idle.NextReleaseAsync();

        await idle.Activity.PreReceive(null!);
        await idle.ExpectNoReleaseAsync(After * 3); // a long operation: still in hand
        var done = Stopwatch.StartNew();
        await idle.Activity.PostReceive(null!);
        await idle.NextReleaseAsync();
        Assert.True(done.Elapsed >= After, $"released {done.Elapsed} after the message was done with");
        Assert.Equal(2, idle.Releases);
    }

    [Fact]
    public async Task An_endpoint_that_connects_again_counts_as_work()
    {
        await using var idle = await IdleWorker.StartAsync(release: true);
        await idle.NextReleaseAsync();

        var ready = Stopwatch.StartNew();
        await idle.Activity.Ready(null!);
        await idle.NextReleaseAsync();
        Assert.True(ready.Elapsed >= After, $"released {ready.Elapsed} after the endpoint was ready");
    }

    [Fact]
    public async Task A_worker_with_IdleRelease_off_never_releases()
    {
        await using var idle = await IdleWorker.StartAsync(release: false);

        await idle.ExpectNoReleaseAsync(After * 4);
        Assert.Equal(0, idle.Releases);
    }

    [Fact]
    public async Task A_release_that_fails_is_logged_and_the_worker_goes_on()
    {
        await using var idle = await IdleWorker.StartAsync(release: true, fail: true);
        await idle.NextReleaseAsync();

        await idle.Activity.PreReceive(null!);
        await idle.Activity.PostReceive(null!);
        await idle.NextReleaseAsync();
    }

    private sealed class IdleWorker : IAsyncDisposable, IMemoryRelease
    {
        private readonly SemaphoreSlim _released = new(0);
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private readonly bool _fail;
        private readonly IdleRelease _service;
        private int _releases;

        private IdleWorker(bool release, bool fail)
        {
            _fail = fail;
            Activity = new WorkActivity(TimeProvider.System);
            _service = new IdleRelease(Activity, this, Options.Create(new MemorySettings { IdleRelease = release, IdleReleaseAfter = After }),
                NullLogger<IdleRelease>.Instance);
        }

        public WorkActivity Activity { get; }

        public int Releases => Volatile.Read(ref _releases);

        /// <summary>When each release began, since the start (read in the release itself, not when the test wakes).</summary>
        public List<TimeSpan> ReleasedAt { get; } = [];

        public bool CanPageOut => true;

        public static async Task<IdleWorker> StartAsync(bool release, bool fail = false)
        {
            var worker = new IdleWorker(release, fail);
            await worker._service.StartAsync(CancellationToken.None);
            return worker;
        }

        /// <summary>Waits for the next release; returns the time since the start.</summary>
        public async Task<TimeSpan> NextReleaseAsync()
        {
            Assert.True(await _released.WaitAsync(TimeSpan.FromSeconds(30)), "no release within 30 s");
            return _since.Elapsed;
        }

        public async Task ExpectNoReleaseAsync(TimeSpan during) =>
            Assert.False(await _released.WaitAsync(during), "released although the worker was not idle for IdleReleaseAfter since its last work");

        public ReleasedMemory Release()
        {
            lock (ReleasedAt)
                ReleasedAt.Add(_since.Elapsed);
            Interlocked.Increment(ref _releases);
            _released.Release();
            return _fail ? throw new EntryPointNotFoundException("madvise") : new ReleasedMemory(70, 40, 300, 0, 0, TimeSpan.FromMilliseconds(20));
        }

        public async ValueTask DisposeAsync()
        {
            await _service.StopAsync(CancellationToken.None);
            _service.Dispose();
            _released.Dispose();
        }
    }
}
