using Brick.Service.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Service.Residency;

/// <summary>
/// Releases the process's memory (<see cref="IMemoryRelease"/>) each time the consumer has been idle for
/// <c>Brick:IdleReleaseAfter</c> after work (<see cref="WorkActivity"/>): once after start-up, then after each spell of
/// messages; and, while it stays idle, again after <see cref="Later"/> times as long, and so on (30 s, 10 min, 200 min,
/// then once a day at most): an idle runtime still does some work of its own late (its tiered compiler recompiles the
/// paths its timers run, minutes after start), which touches code and memory once more. Off with
/// <c>Brick:IdleRelease</c> false.
/// </summary>
internal sealed partial class IdleRelease(WorkActivity activity, IMemoryRelease release, IOptions<MemorySettings> settings, ILogger<IdleRelease> logger)
    : BackgroundService
{
    /// <summary>How much longer each release of one idle spell waits than the one before.</summary>
    public const int Later = 20;

    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    private bool _warned;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.IdleRelease)
            return;
        if (!release.CanPageOut)
            LogNoPageOut(Environment.UserName);
        try
        {
            while (true)
            {
                await activity.WaitForWorkAsync(stoppingToken).ConfigureAwait(false);
                var quiet = settings.Value.IdleReleaseAfter;
                await activity.WaitUntilIdleAsync(quiet, stoppingToken).ConfigureAwait(false);
                ReleaseOnce();
                while (true)
                {
                    quiet = quiet * Later < Longest ? quiet * Later : Longest;
                    if (!await StaysIdleAsync(quiet, stoppingToken).ConfigureAwait(false))
                        break; // work came: a new spell
                    ReleaseOnce();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Whether no work comes for <paramref name="quiet"/> (false: work came, and the spell is over).</summary>
    private async Task<bool> StaysIdleAsync(TimeSpan quiet, CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var work = activity.WaitForWorkAsync(wait.Token);
        var later = Task.Delay(quiet, wait.Token);
        var first = await Task.WhenAny(work, later).ConfigureAwait(false);
        // Work that came as the time ran out wins: never a release with a message in hand. Read before the cancel below,
        // which ends the wait for work too.
        var idle = first == later && !work.IsCompleted;
        await wait.CancelAsync().ConfigureAwait(false); // the other one's timer or wait goes now
        stoppingToken.ThrowIfCancellationRequested();
        return idle;
    }

    private void ReleaseOnce()
    {
        try
        {
            var released = release.Release();
            LogReleased(released.ResidentBefore, released.ResidentAfter, released.PagedOut, released.Took.TotalMilliseconds);
            if (released.Refused > 0 && !_warned)
            {
                _warned = true;
                LogRefused(released.Refused, released.LastError);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An optional saving: whatever went wrong, the consumer goes on.
            LogFailed(e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Idle: released memory, resident {Before:0.0} → {After:0.0} MiB ({PagedOut} file mappings paged out, {Milliseconds:0} ms)")]
    private partial void LogReleased(double before, double after, int pagedOut, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Idle: the kernel refused to page out {Refused} file mappings (errno {Errno}; MADV_PAGEOUT needs Linux 5.4): only the GC's free memory is released")]
    private partial void LogRefused(int refused, int errno);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idle: could not release memory: {Exception}: {Reason}")]
    private partial void LogFailed(string exception, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Idle releases will hand back the GC's free memory only: the kernel pages out a program's file pages only for a process that could write the file, and this one runs as {User}")]
    private partial void LogNoPageOut(string user);
}
