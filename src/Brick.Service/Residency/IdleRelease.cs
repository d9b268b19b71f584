using Brick.Service.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Service.Residency;

/// <summary>
/// Releases the process's memory (<see cref="IMemoryRelease"/>) each time the consumer has been idle for
/// <c>Brick:IdleReleaseAfter</c> after work (<see cref="WorkActivity"/>): once after start-up, then after each spell of
/// messages. While idle it does nothing and wakes for nothing. Off with <c>Brick:IdleRelease</c> false.
/// </summary>
internal sealed partial class IdleRelease(WorkActivity activity, IMemoryRelease release, IOptions<MemorySettings> settings, ILogger<IdleRelease> logger)
    : BackgroundService
{
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
                await activity.WaitUntilIdleAsync(settings.Value.IdleReleaseAfter, stoppingToken).ConfigureAwait(false);
                ReleaseOnce();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
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
