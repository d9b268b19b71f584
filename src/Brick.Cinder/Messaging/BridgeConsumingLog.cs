using MassTransit;
using Microsoft.Extensions.Logging;

namespace Brick.Cinder.Messaging;

/// <summary>Logs once the notification queue is consumed (<see cref="ReadyLine"/>), and when the endpoint stops or faults.</summary>
internal sealed partial class BridgeConsumingLog(ILogger logger) : IReceiveEndpointObserver
{
    /// <summary>The start of the ready line, for whoever waits for it.</summary>
    public const string ReadyLine = "Consuming Cinder notifications from ";

    /// <inheritdoc />
    public Task Ready(ReceiveEndpointReady ready)
    {
        LogReady(ready.InputAddress.Segments[^1]);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    /// <inheritdoc />
    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    /// <inheritdoc />
    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        LogFaulted(Brick.Service.Settings.Secrets.Scrub(faulted.Exception?.GetBaseException().Message ?? "unknown"));
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = ReadyLine + "{Queue}")]
    private partial void LogReady(string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notification endpoint faulted: {Error}; MassTransit connects again")]
    private partial void LogFaulted(string error);
}
