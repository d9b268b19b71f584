using Brick.Engine.Core;
using Microsoft.Extensions.Logging;

namespace Brick.Engine.Operations;

/// <summary>
/// Releases an operation's locks when the operation has ended: at once, or, where it abandoned work still in flight
/// (<see cref="AbandonedWork"/>), in the background once that work has ended or
/// <see cref="EngineOptions.AbandonedWorkHoldLimit"/> has passed. The outcome is not delayed either way; the task
/// returned ends when the locks are released, and the volume's next turn and its host slot wait for it
/// (<see cref="VolumeTurns"/>).
/// </summary>
internal static partial class AbandonedWorkHold
{
    public static Task Release(
        IAsyncDisposable lease, AbandonedWork work, EngineOptions options, TimeProvider clock, ILogger logger)
    {
        var pending = work.Pending;
        if (pending.Count == 0)
            return lease.DisposeAsync().AsTask();

        LogHolding(logger, string.Join("; ", pending), options.AbandonedWorkHoldLimit.TotalSeconds);
        return Task.Run(async () =>
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
