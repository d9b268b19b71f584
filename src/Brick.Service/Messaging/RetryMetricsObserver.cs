using Brick.Engine.Telemetry;
using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// Counts <c>brick.worker.retries</c> where MassTransit decides them: once before each new try of a message, tagged
/// with the reason of the failure that caused it. Connected to the endpoint's retry policy
/// (<c>retry.ConnectRetryObserver(…)</c> in <see cref="ConsumerEndpoints"/>; no policy, no retries, when <c>RetryLimit</c> is 0).
/// </summary>
public sealed class RetryMetricsObserver(BrickMetrics metrics) : IRetryObserver
{
    /// <inheritdoc />
    public Task PreRetry<T>(RetryContext<T> context) where T : class, PipeContext
    {
        metrics.Retried(ReasonOf(context.Exception));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PostCreate<T>(RetryPolicyContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    /// <inheritdoc />
    public Task PostFault<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    /// <inheritdoc />
    public Task RetryFault<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    /// <inheritdoc />
    public Task RetryComplete<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    private static string? ReasonOf(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RequestFailedException failed)
                return failed.Failure.Reason.ToString();
        }

        return null;
    }
}
