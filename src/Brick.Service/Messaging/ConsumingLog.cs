using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Messaging;

/// <summary>
/// Logs when a consumer endpoint is ready — its queue declared, bound and consumed — and when it stops or faults: the
/// line <c>Consuming VolumeExtended from brick-worker.&lt;host&gt;</c> (<c>HostVolumeResized</c> from
/// <c>brick-blockresize.&lt;host&gt;</c>, <c>Cinder notifications</c> from the bridge's queue) is what a test or a
/// container wait looks for (the Testcontainers module waits for run's).
/// </summary>
/// <param name="logger">Where the lines go.</param>
/// <param name="messages">What the endpoint consumes, as the ready line names it.</param>
internal sealed partial class ConsumingLog(ILogger logger, string messages = "VolumeExtended") : IReceiveEndpointObserver
{
    /// <summary>The start of <c>run</c>'s ready line, for whoever waits for it.</summary>
    public const string ReadyLine = "Consuming VolumeExtended from ";

    /// <summary>The start of the ready line of an endpoint consuming <paramref name="what"/>.</summary>
    public static string ReadyLineOf(string what) => $"Consuming {what} from ";

    /// <inheritdoc />
    public Task Ready(ReceiveEndpointReady ready)
    {
        LogReady(logger, messages, QueueOf(ready.InputAddress));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    /// <inheritdoc />
    public Task Completed(ReceiveEndpointCompleted completed)
    {
        LogStopped(logger, QueueOf(completed.InputAddress));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        LogFaulted(logger, QueueOf(faulted.InputAddress), Secrets.Scrub(faulted.Exception?.GetBaseException().Message ?? "unknown"));
        return Task.CompletedTask;
    }

    private static string QueueOf(Uri address) => address.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? address.ToString();

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Messages} from {Queue}")]
    private static partial void LogReady(ILogger logger, string messages, string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped consuming from {Queue}")]
    private static partial void LogStopped(ILogger logger, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The endpoint {Queue} faulted: {Error}; MassTransit connects again")]
    private static partial void LogFaulted(ILogger logger, string queue, string error);
}
