using MassTransit;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Messaging;

/// <summary>
/// Logs when the worker endpoint is ready — its queue declared, bound and consumed — and when it stops or faults: the
/// line <c>Consuming VolumeExtended from brick-worker.&lt;host&gt;</c> is what a test or a container wait looks for
/// (the Testcontainers module waits for it).
/// </summary>
internal sealed partial class ConsumingLog(ILogger logger) : IReceiveEndpointObserver
{
    /// <summary>The start of the ready line, for whoever waits for it.</summary>
    public const string ReadyLine = "Consuming VolumeExtended from ";

    public Task Ready(ReceiveEndpointReady ready)
    {
        LogReady(logger, QueueOf(ready.InputAddress));
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed)
    {
        LogStopped(logger, QueueOf(completed.InputAddress));
        return Task.CompletedTask;
    }

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    private static string QueueOf(Uri address) => address.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? address.ToString();

    [LoggerMessage(Level = LogLevel.Information, Message = ReadyLine + "{Queue}")]
    private static partial void LogReady(ILogger logger, string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped consuming from {Queue}")]
    private static partial void LogStopped(ILogger logger, string queue);
}
