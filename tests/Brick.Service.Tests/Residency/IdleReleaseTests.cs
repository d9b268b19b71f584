using Brick.Service.Residency;
using Brick.Service.Settings;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Brick.Service.Tests.Residency;

public sealed class IdleReleaseTests
{
    private static readonly TimeSpan After = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_worker_releases_once_it_has_been_idle_after_start_and_not_again_while_nothing_happens()
    {
        await using var idle = await IdleWorker.StartAsync(release: true);

        idle.Clock.Advance(After - TimeSpan.FromSeconds(1));
        await idle.ExpectNoReleaseAsync();
        idle.Clock.Advance(TimeSpan.FromSeconds(1));
        await idle.ExpectReleaseAsync();

        idle.Clock.Advance(TimeSpan.FromHours(1));
        await idle.ExpectNoReleaseAsync();
        Assert.Equal(1, idle.Releases);
    }

    [Fact]
    public async Task A_worker_releases_again_only_once_a_message_has_been_done_with_for_the_idle_time()
    {
        await using var idle = await IdleWorker.StartAsync(release: true);
        idle.Clock.Advance(After);
        await idle.ExpectReleaseAsync();

        await idle.Activity.PreReceive(null!);
        idle.Clock.Advance(After * 3); // a long operation: still in hand
        await idle.ExpectNoReleaseAsync();
        await idle.Activity.PostReceive(null!);
        idle.Clock.Advance(After - TimeSpan.FromSeconds(1));
        await idle.ExpectNoReleaseAsync();
        idle.Clock.Advance(TimeSpan.FromSeconds(1));
        await idle.ExpectReleaseAsync();
        Assert.Equal(2, idle.Releases);
    }

    [Fact]
    public async Task An_endpoint_that_connects_again_counts_as_work()
    {
        await using var idle = await IdleWorker.StartAsync(release: true);
        idle.Clock.Advance(After);
        await idle.ExpectReleaseAsync();

        await idle.Activity.Ready(null!);
        idle.Clock.Advance(After);
        await idle.ExpectReleaseAsync();
    }

    [Fact]
    public async Task A_worker_with_IdleRelease_off_never_releases()
    {
        await using var idle = await IdleWorker.StartAsync(release: false);

        idle.Clock.Advance(TimeSpan.FromHours(1));
        await idle.ExpectNoReleaseAsync();
        Assert.Equal(0, idle.Releases);
    }

    [Fact]
    public async Task A_release_that_fails_is_logged_and_the_worker_goes_on()
    {
        await using var idle = await IdleWorker.StartAsync(release: true, fail: true);
        idle.Clock.Advance(After);
        await idle.ExpectReleaseAsync();

        await idle.Activity.PreReceive(null!);
        await idle.Activity.PostReceive(null!);
        idle.Clock.Advance(After);
        await idle.ExpectReleaseAsync();
    }

    private sealed class IdleWorker : IAsyncDisposable, IMemoryRelease
    {
        private readonly SemaphoreSlim _released = new(0);
        private readonly bool _fail;
        private readonly IdleRelease _service;
        private int _releases;

        private IdleWorker(bool release, bool fail)
        {
            _fail = fail;
            Activity = new WorkActivity(Clock);
            _service = new IdleRelease(Activity, this, Options.Create(new MemorySettings { IdleRelease = release, IdleReleaseAfter = After }),
                NullLogger<IdleRelease>.Instance);
        }

        public FakeTimeProvider Clock { get; } = new();

        public WorkActivity Activity { get; }

        public int Releases => Volatile.Read(ref _releases);

        public static async Task<IdleWorker> StartAsync(bool release, bool fail = false)
        {
            var worker = new IdleWorker(release, fail);
            await worker._service.StartAsync(CancellationToken.None);
            return worker;
        }

        public async Task ExpectReleaseAsync() =>
            Assert.True(await _released.WaitAsync(TimeSpan.FromSeconds(30)), "no release within 30 s of real time");

        public async Task ExpectNoReleaseAsync() =>
            Assert.False(await _released.WaitAsync(Quiet), "released although the worker was not idle for IdleReleaseAfter");

        public ReleasedMemory Release()
        {
            Interlocked.Increment(ref _releases);
            _released.Release();
            return _fail ? throw new IOException("/proc/self/maps: gone") : new ReleasedMemory(70, 40, 300, 0, 0, TimeSpan.FromMilliseconds(20));
        }

        public async ValueTask DisposeAsync()
        {
            await _service.StopAsync(CancellationToken.None);
            _service.Dispose();
            _released.Dispose();
        }
    }
}
