using MassTransit;

namespace Brick.Service.Residency;

/// <summary>
/// Whether the consumer has something in hand, and since when it has not: every message received (until its pipe is
/// done), and every endpoint that starts, stops or faults (a connection made again touches as much code as a message).
/// Start-up counts as work, so the first release follows it.
/// </summary>
internal sealed class WorkActivity(TimeProvider clock) : IReceiveObserver, IReceiveEndpointObserver
{
    private readonly Lock _gate = new();
    private int _inHand;
    private long _last = clock.GetTimestamp();
    private TaskCompletionSource _work = Done();

    /// <summary>Completes once something has happened since the last <see cref="WaitUntilIdleAsync"/> returned.</summary>
    public Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return _work.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Returns once nothing has been in hand for <paramref name="quiet"/>; what happens after counts as new work.</summary>
    public async Task WaitUntilIdleAsync(TimeSpan quiet, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var since = clock.GetElapsedTime(_last);
                if (_inHand == 0 && since >= quiet)
                {
                    _work = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    return;
                }

                wait = _inHand == 0 ? quiet - since : quiet;
            }

            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task PreReceive(ReceiveContext context) => Mark(+1);

    /// <inheritdoc />
    public Task PostReceive(ReceiveContext context) => Mark(-1);

    /// <inheritdoc />
    public Task ReceiveFault(ReceiveContext context, Exception exception) => Mark(-1);

    /// <inheritdoc />
    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    /// <inheritdoc />
    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    /// <inheritdoc />
    public Task Ready(ReceiveEndpointReady ready) => Mark(0);

    /// <inheritdoc />
    public Task Stopping(ReceiveEndpointStopping stopping) => Mark(0);

    /// <inheritdoc />
    public Task Completed(ReceiveEndpointCompleted completed) => Mark(0);

    /// <inheritdoc />
    public Task Faulted(ReceiveEndpointFaulted faulted) => Mark(0);

    private Task Mark(int inHand)
    {
        lock (_gate)
        {
            _inHand = Math.Max(0, _inHand + inHand);
            _last = clock.GetTimestamp();
            _work.TrySetResult();
        }

        return Task.CompletedTask;
    }

    private static TaskCompletionSource Done()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
