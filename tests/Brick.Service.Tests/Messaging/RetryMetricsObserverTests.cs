using System.Diagnostics.Metrics;
using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Engine.Telemetry;
using Brick.Service.Messaging;
using MassTransit;

namespace Brick.Service.Tests.Messaging;

/// <summary><c>brick.worker.retries</c>: one per new try, with the reason that caused it.</summary>
public sealed class RetryMetricsObserverTests : IDisposable
{
    private readonly TestMeters _meters = new();
    private readonly BrickMetrics _metrics;
    private readonly List<(long Value, string? Reason)> _retries = [];
    private readonly MeterListener _listener = new();

    public RetryMetricsObserverTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == _meters && instrument.Name == BrickMetrics.Retries)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                    reason = tag.Value as string;
            }

            lock (_retries)
                _retries.Add((value, reason));
        });
        _listener.Start();
        _metrics = new BrickMetrics(_meters);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task Each_new_try_counts_once_with_the_reason_of_the_failure_before_it()
    {
        var observer = new RetryMetricsObserver(_metrics);
        var failure = new HostVolumeResizeFailed("vol-1", "compute-07", null, 1 << 30, null, ResizeFailureReason.RescanTimeout, "slow", [], true,
            null, DateTimeOffset.UtcNow);

        await observer.PreRetry(new Retry(new TransientFailureException(failure, RequestIdentity.Unknown)));
        await observer.PreRetry(new Retry(new AggregateException(new TransientFailureException(failure, RequestIdentity.Unknown))));
        await observer.PreRetry(new Retry(new TimeoutException()));
        await observer.RetryFault(new Retry(new TimeoutException()));

        Assert.Equal([(1L, "RescanTimeout"), (1L, "RescanTimeout"), (1L, null)], _retries);
    }

    private sealed class TestMeters : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }

    /// <summary>Just enough of a retry for the observer: the exception that caused it.</summary>
    private sealed class Retry(Exception exception) : RetryContext<PipeContext>
    {
        public CancellationToken CancellationToken => CancellationToken.None;

        public PipeContext Context => null!;

        public Exception Exception => exception;

        public int RetryCount => 1;

        public int RetryAttempt => 1;

        public Type ContextType => typeof(PipeContext);

        public TimeSpan? Delay => TimeSpan.Zero;

        public Task PreRetry() => Task.CompletedTask;

        public Task RetryFaulted(Exception exception) => Task.CompletedTask;

        public bool CanRetry(Exception exception, out RetryContext<PipeContext> retryContext)
        {
            retryContext = this;
            return false;
        }
    }
}
