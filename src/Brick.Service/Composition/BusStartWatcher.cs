using Brick.Service.Health;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Brick.Service.Composition;

/// <summary>
/// Stops the service when its bus cannot start: MassTransit gives up at once on a refused login (it only keeps trying
/// while the broker cannot be reached), stops the bus and would leave a live process that never consumes. Stopping
/// instead, with <see cref="ConsumerExit"/> set, makes <c>brick-worker run</c> exit non-zero, and the service manager's
/// restart (with its back-off) tries again, so that a user created later is used.
/// </summary>
internal sealed partial class BusStartWatcher(
    ConsumerExit exit, BusStartFailure failure, IHostApplicationLifetime lifetime, ILogger<BusStartWatcher> logger) : IBusObserver
{
    /// <inheritdoc />
    public Task StartFaulted(IBus bus, Exception exception)
    {
        var reason = Secrets.Scrub(exception.GetBaseException().Message);
        exit.GiveUp($"The bus could not start: {reason}");
        failure.Record(reason);
        LogGivingUp(reason);
        lifetime.StopApplication();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void PostCreate(IBus bus)
    {
    }

    /// <inheritdoc />
    public void CreateFaulted(Exception exception)
    {
    }

    /// <inheritdoc />
    public Task PreStart(IBus bus) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PreStop(IBus bus) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PostStop(IBus bus) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "The bus could not start: {Reason}; stopping with a non-zero exit code so that the service manager starts the worker again")]
    private partial void LogGivingUp(string reason);
}
