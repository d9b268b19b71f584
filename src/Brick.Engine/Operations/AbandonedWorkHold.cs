using Brick.Engine.Core;
using Microsoft.Extensions.Logging;

namespace Brick.Engine.Operations;

/// <summary>
/// Releases an operation's volume lock when the operation has ended: at once, or, where it abandoned work still in
/// flight (<see cref="AbandonedWork"/>), in the background once that work has ended or
/// <see cref="EngineOptions.AbandonedWorkHoldLimit"/> has passed. The outcome is not delayed either way.
/// </summary>
internal static partial class AbandonedWorkHold
{
    public static async ValueTask ReleaseAsync(
        IAsyncDisposable lease, AbandonedWork work, EngineOptions options, TimeProvider clock, ILogger logger)
    {
        var pending = work.Pending;
        if (pending.Count == 0)
        {
            await lease.DisposeAsync();
            return;
        }

        LogHolding(logger, string.Join("; ", pending), options.AbandonedWorkHoldLimit.TotalSeconds);
        _ = Task.Run(async () =>
        {
            try
            {
                if (!await work.WaitAsync(options.AbandonedWorkHoldLimit, clock))
                    LogReleasedAnyway(logger, string.Join("; ", work.Pending), options.AbandonedWorkHoldLimit.TotalSeconds);
            }
            finally
            {
                await lease.DisposeAsync();
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The volume stays locked until abandoned work ends ({Pending}), at most {LimitSeconds} s")]
    private static partial void LogHolding(ILogger logger, string pending, double limitSeconds);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Abandoned work still runs after {LimitSeconds} s ({Pending}); the volume is unlocked anyway")]
    private static partial void LogReleasedAnyway(ILogger logger, string pending, double limitSeconds);
}
