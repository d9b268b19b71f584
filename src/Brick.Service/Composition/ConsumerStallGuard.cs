using System.Globalization;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Composition;

/// <summary>
/// Stops the service when the broker sees no consumer on its queue for <see cref="StallTiming.StallTimeout"/> after a
/// sign of trouble, so that the service manager starts it again (<see cref="ConsumerExit"/>: the command exits 3).
/// </summary>
/// <remarks>
/// RabbitMQ.Client 7.2.2 can deadlock in a connection's shutdown: when the broker closes a connection while outcomes
/// wait for their publisher confirms, the connection's reader waits for a lock the pending publishes hold, and the
/// channel's consumer never ends. MassTransit then waits for it without end, reports its endpoint ready, and the queue
/// has no consumer: seen after a broker restart in a fault campaign (the upstream fix, rabbitmq-dotnet-client #1930 and
/// #2005, is in no release this stack can take). No process-local state shows it, so the guard asks the broker, on a
/// connection of its own, but only once an outcome's publish timed out (<see cref="Suspect"/>, through
/// <see cref="ConnectionSuspicion"/>), and only
/// until the broker shows a consumer again: an idle worker costs the broker nothing.
/// </remarks>
internal sealed partial class ConsumerStallGuard(
    IQueueConsumers? consumers, ConsumerExit exit, IHostApplicationLifetime lifetime, StallTiming timing, TimeProvider time,
    ILogger<ConsumerStallGuard> logger) : BackgroundService
{
    private readonly SemaphoreSlim _suspected = new(0, 1);
    private string _why = "";

    /// <summary>
    /// Starts (or keeps) looking: something suggests the service's connection may have stalled. Never throws: it is
    /// called from the path that reports a failed publish, whose own exception must stay the one reported.
    /// </summary>
    public void Suspect(string why)
    {
        Volatile.Write(ref _why, why);
        try
        {
            _suspected.Release();
        }
        catch (SemaphoreFullException)
        {
            // already looking
        }
        catch (ObjectDisposedException)
        {
            // the service has stopped
        }
    }

    /// <summary>
    /// The guard of a consumer with a queue of its own on a broker (<see cref="HostTopology"/>: <c>run</c>,
    /// <c>blockresize</c>), listening to its <see cref="ConnectionSuspicion"/>; nothing for any other.
    /// </summary>
    public static ConsumerStallGuard For(IServiceProvider services)
    {
        var consumers = services.GetService<HostTopology>() is { } topology && services.GetService<BrokerAddress>() is { } broker
            ? new BrokerQueueConsumers(broker, topology.OwnExchange, services.GetRequiredService<ILogger<BrokerQueueConsumers>>())
            : null;
        var guard = new ConsumerStallGuard(consumers,
            services.GetRequiredService<ConsumerExit>(), services.GetRequiredService<IHostApplicationLifetime>(),
            StallTiming.Default, services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetRequiredService<ILogger<ConsumerStallGuard>>());
        if (services.GetService<ConnectionSuspicion>() is { } suspicion)
            suspicion.Raised += guard.Suspect;
        return guard;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (consumers is null)
            return; // no queue of its own on a broker: nothing to guard
        while (!stoppingToken.IsCancellationRequested)
        {
            await _suspected.WaitAsync(stoppingToken);
            LogLooking(Volatile.Read(ref _why), consumers.Queue);
            if (await LookAsync(consumers, stoppingToken) is { } stalled)
            {
                exit.GiveUp(stalled);
                LogStalled(stalled);
                lifetime.StopApplication();
                return;
            }
        }
    }

    /// <summary>Probes until the broker shows a consumer (null) or has shown none for the stall timeout (why it stops).</summary>
    private async Task<string?> LookAsync(IQueueConsumers consumers, CancellationToken stoppingToken)
    {
        DateTimeOffset? noneSince = null;
        while (true)
        {
            await Task.Delay(timing.ProbeInterval, time, stoppingToken);
            var count = await consumers.CountAsync(stoppingToken);
            if (count > 0)
            {
                LogConsuming(consumers.Queue);
                return null;
            }

            if (count is null)
                continue; // the broker could not be asked: the bus is reconnecting too, and may yet
            noneSince ??= time.GetUtcNow();
            var none = time.GetUtcNow() - noneSince.Value;
            if (none >= timing.StallTimeout)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"The broker has shown no consumer on {consumers.Queue} for {none.TotalSeconds:0} s after {Volatile.Read(ref _why)}: the broker connection stalled");
            }
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _suspected.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checking that the broker still sees a consumer on {Queue}, after {Why}")]
    private partial void LogLooking(string why, string queue);

    [LoggerMessage(Level = LogLevel.Information, Message = "The broker sees a consumer on {Queue} again")]
    private partial void LogConsuming(string queue);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}; stopping with a non-zero exit code so that the service manager starts the worker again")]
    private partial void LogStalled(string reason);
}
