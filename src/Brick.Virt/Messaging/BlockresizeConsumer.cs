using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Service.Inbound;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Brick.Virt.Resizing;
using Brick.Virt.Settings;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Messaging;

/// <summary>
/// Takes one delivered <c>HostVolumeResized</c> of this host and resizes the guest disks backed by its device
/// (<see cref="GuestDiskResizer"/>). Each disk that has the size is published as <c>GuestDiskResized</c> at once. Then:
/// no disk uses the device → acknowledged, logged; a guest that did not answer or a resize the hypervisor refused →
/// retried (<see cref="TransientGuestResizeException"/>), then published as failed and moved to the error queue; a disk
/// larger than the outcome → published as <c>WouldShrink</c> and moved to the error queue; a guest gone meanwhile →
/// published, acknowledged. Replayed outcomes are harmless: a disk at the size already is not resized again. An
/// outcome the broker does not take (within <c>PublishTimeout</c>) is thrown as <see cref="OutcomeNotPublishedException"/>:
/// retried as transient (the disk is found at its size and reported again), then moved to the error queue with
/// <c>brick-reason: OutcomeNotPublished</c>, as <c>run</c> does, never as a hypervisor's failure. An outcome delivered
/// more than <c>MaxDeliveries</c> times without an end (<see cref="DeliveryCounter"/>: the process died working on it)
/// is not worked on again: it moves to the error queue as <c>HypervisorFailed</c>, the count in its detail.
/// </summary>
internal sealed partial class BlockresizeConsumer(
    GuestDiskResizer resizer, OutcomePublisher<GuestDiskResized, GuestDiskResizeFailed> publisher, DeliveryCounter deliveries, VirtMetrics metrics, IOptions<HostSettings> host, IOptions<EndpointSettings> settings,
    TimeProvider clock, ILogger<BlockresizeConsumer> logger)
    : IConsumer<InboundRequest>
{
    /// <summary>
    /// One try, as far as the settings bound it: the hypervisor's listing of the guests' disks and the resize of the one
    /// disk an outcome's device backs (up to <c>HypervisorTimeout</c> each), and its outcome's publish (up to
    /// <c>PublishTimeout</c>). Each more guest disk on the same device adds a resize and a publish, and a QMP listing
    /// asks each guest in turn: no setting bounds how many there are, so this is the least a try can take at its worst.
    /// </summary>
    internal static readonly TryBound OneTry = TryBound.Over<HypervisorSettings, EndpointSettings>(
        (hypervisor, endpoint) => (2 * hypervisor.HypervisorTimeout) + endpoint.PublishTimeout,
        (hypervisor, endpoint) => $"2 × HypervisorTimeout {hypervisor.HypervisorTimeout} + PublishTimeout {endpoint.PublishTimeout}",
        [nameof(HypervisorSettings.HypervisorTimeout), nameof(EndpointSettings.PublishTimeout)]);

    /// <summary>
    /// Its endpoint: <c>HostVolumeResized</c> from <c>brick-blockresize.&lt;host&gt;</c>, bound from
    /// <c>brick.host-volume-resized</c> (topic) with the host as key (<see cref="HostTopology.Blockresize"/>), its failures recorded by
    /// <see cref="GuestFailureRecorder"/>, hypervisor failures and unpublished outcomes retried, at most
    /// <c>MaxConcurrency</c> outcomes worked on at once, each try bounded by <see cref="OneTry"/>.
    /// </summary>
    public static readonly ConsumerEndpoint<BlockresizeConsumer> Endpoint = new(
        "HostVolumeResized", s => EntityNames.BlockresizeQueue(s.Settings<HostSettings>().Host), "brick-blockresize",
        () => new InvalidOutcomeException("The body is not a HostVolumeResized object."),
        [typeof(TransientGuestResizeException), typeof(OutcomeNotPublishedException)])
    {
        ConcurrentMessages = s => s.Settings<EndpointSettings>().MaxConcurrency,
        Topology = s => HostTopology.Blockresize(s.Settings<HostSettings>().Host),
        TryBound = OneTry,
        ConnectionName = s => $"brick-worker blockresize {s.Settings<HostSettings>().Host}",
    };

    /// <summary>Its outcomes: <c>GuestDiskResized</c> and <c>GuestDiskResizeFailed</c>, from its own exchange <c>brick-blockresize.&lt;host&gt;</c>.</summary>
    internal static readonly OutcomeRoutes<GuestDiskResized, GuestDiskResizeFailed> Outcomes = new(
        EntityNames.BlockresizeQueue, EntityNames.GuestDiskResizedExchange, EntityNames.GuestDiskResizeFailedExchange,
        m => (m.Host, m.CorrelationId), m => (m.Host, m.CorrelationId));

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<InboundRequest> context)
    {
        await ResizeAsync(context);
        deliveries.Ended(context.ReceiveContext);
    }

    private async Task ResizeAsync(ConsumeContext<InboundRequest> context)
    {
        var correlationId = Correlation.Of(context.ReceiveContext, context.Message);
        var outcome = OutcomeReader.Read(context.Message, host.Value.Host, clock);
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["VolumeId"] = outcome.VolumeId,
            ["CorrelationId"] = correlationId,
            ["DevicePath"] = outcome.DevicePath,
        });

        var delivery = deliveries.Number(context.ReceiveContext);
        if (delivery > settings.Value.MaxDeliveries)
        {
            throw new DeliveryLimitException(
                $"The outcome was delivered {delivery} times without an end (blockresize stopped while working on it); "
                + $"after {settings.Value.MaxDeliveries} deliveries it is not worked on again.");
        }

        LogStarting(outcome.NewSizeBytes, outcome.DevicePath, context.GetRetryAttempt());
        var report = await resizer.ResizeAsync(outcome, correlationId, context.CancellationToken);
        foreach (var resized in report.Resized)
            await PublishAsync(outcome, nameof(GuestDiskResized), () => publisher.PublishAsync(resized, context.CancellationToken), context.CancellationToken);

        if (report.Unused)
        {
            metrics.OutcomeRead("unused");
            LogUnused(outcome.DevicePath);
            return;
        }

        if (report.Retriable)
            throw new TransientGuestResizeException(report.Failed);
        if (report.Refused)
            throw new GuestResizeFailedException(report.Failed);

        foreach (var failure in report.Failed)
            await PublishAsync(outcome, nameof(GuestDiskResizeFailed), () => publisher.PublishAsync(failure, context.CancellationToken), context.CancellationToken);
        metrics.OutcomeRead(report.Failed.Count == 0 ? "done" : "failed");
        LogDone(report.Resized.Count, report.Failed.Count);
    }

    /// <summary>Publishes one message; one the broker does not take is <see cref="OutcomeNotPublishedException"/>.</summary>
    private async Task PublishAsync(HostVolumeResized outcome, string type, Func<Task> publish, CancellationToken cancellationToken)
    {
        try
        {
            await publish();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotPublished(type, Secrets.Scrub(e.GetBaseException().Message));
            throw new OutcomeNotPublishedException(type, new RequestIdentity(outcome.VolumeId, outcome.Host, outcome.AttachmentId, outcome.NewSizeBytes), e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Outcome} could not be published: {Error}; tried again as a transient failure")]
    private partial void LogNotPublished(string outcome, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outcome: {DevicePath} is {NewSizeBytes} bytes on the host (retry {Retry})")]
    private partial void LogStarting(long newSizeBytes, string devicePath, int retry);

    [LoggerMessage(Level = LogLevel.Information, Message = "No guest uses {DevicePath}: nothing to do")]
    private partial void LogUnused(string devicePath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Done: {Resized} disk(s) at the new size, {Failed} gone")]
    private partial void LogDone(int resized, int failed);
}
