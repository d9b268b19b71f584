using System.Diagnostics;
using Brick.Contracts;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Engine.Telemetry;
using Brick.Service.Inbound;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// Takes one delivered <c>VolumeExtended</c> (raw JSON or a MassTransit envelope, read once by
/// <see cref="InboundDeserializer"/>), validates it, runs the engine and publishes <c>HostVolumeResized</c>. A failure
/// is thrown as <see cref="RequestFailedException"/> (permanent) or <see cref="TransientFailureException"/> (retried by
/// the endpoint's retry policy); the error pipe publishes it (and counts it). A success whose outcome cannot be
/// published is thrown as <see cref="OutcomeNotPublishedException"/>, retried as transient. A valid request delivered
/// more than <c>MaxDeliveries</c> times (<see cref="DeliveryCounter"/>) is not run again: it fails as
/// <c>CommandFailed</c>. A success counts as <c>resized</c> in <c>brick.worker.requests</c> once its outcome is
/// published. The message is acknowledged only after the outcome is published and confirmed.
/// </summary>
internal sealed partial class VolumeExtendedConsumer(
    RequestValidator validator, IVolumeExtender engine, OutcomePublisher<HostVolumeResized, HostVolumeResizeFailed> publisher, DeliveryCounter deliveries,
    IOptions<EndpointSettings> settings, BrickMetrics metrics, TimeProvider clock, ILogger<VolumeExtendedConsumer> logger)
    : IConsumer<InboundRequest>
{
    /// <summary>
    /// Its endpoint: <c>VolumeExtended</c> from <c>brick-worker.&lt;host&gt;</c>, bound from <c>brick.volume-extended</c>
    /// (direct, key = host), its failures recorded by <see cref="FailureRecorder"/>, engine failures and unpublished
    /// outcomes retried, each try bounded by <see cref="DeliveryBudget.Run"/>.
    /// </summary>
    internal static readonly ConsumerEndpoint<VolumeExtendedConsumer> Endpoint = new(
        "VolumeExtended", s => EntityNames.WorkerQueue(s.Settings<HostSettings>().Host), "brick",
        () => new InvalidDataException("The body is not a VolumeExtended object."),
        [typeof(TransientFailureException), typeof(OutcomeNotPublishedException)])
    {
        Topology = s => HostTopology.Worker(s.Settings<HostSettings>().Host),
        TryBound = DeliveryBudget.Run,
        OnInMemory = (memory, s) => memory.Bind(EntityNames.VolumeExtendedExchange, MassTransit.Transports.Fabric.ExchangeType.Direct, s.Settings<HostSettings>().Host),
    };

    /// <summary>Its outcomes: <c>HostVolumeResized</c> and <c>HostVolumeResizeFailed</c>, from its own exchange <c>brick-worker.&lt;host&gt;</c>.</summary>
    internal static readonly OutcomeRoutes<HostVolumeResized, HostVolumeResizeFailed> Outcomes = new(
        EntityNames.WorkerQueue, EntityNames.HostVolumeResizedExchange, EntityNames.HostVolumeResizeFailedExchange,
        m => (m.Host, m.CorrelationId), m => (m.Host, m.CorrelationId));

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<InboundRequest> context)
    {
        var correlationId = Correlation.Of(context.ReceiveContext, context.Message);
        var validation = context.Message.Validate(validator);
        using var scope = RequestLogScope.Begin(logger, validation.Identity, correlationId);
        BrickTracing.TagRequest(Activity.Current, validation.Identity.VolumeId, correlationId);
        if (validation.Request is not { } request)
        {
            throw new RequestFailedException(
                OutcomeMessages.Rejected(validation, validator.HostName, correlationId, clock.GetUtcNow()), validation.Identity);
        }

        var delivery = deliveries.Number(context.ReceiveContext);
        if (delivery > settings.Value.MaxDeliveries)
            throw new RequestFailedException(Poisoned(request, delivery, correlationId), validation.Identity);

        LogStarting(request.NewSizeBytes, request.Target.DriverVolumeType, context.GetRetryAttempt());
        var outcome = await engine.ExtendAsync(request, context.CancellationToken);
        if (!outcome.Succeeded)
        {
            var failure = OutcomeMessages.Failed(request, outcome, correlationId, clock.GetUtcNow());
            LogTryFailed(failure.Reason, failure.Detail, outcome.Retriable);
            throw outcome.Retriable
                ? new TransientFailureException(failure, validation.Identity)
                : new RequestFailedException(failure, validation.Identity);
        }

        try
        {
            await publisher.PublishAsync(OutcomeMessages.Resized(request, outcome, correlationId, clock.GetUtcNow()), context.CancellationToken);
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            LogNotPublished(Secrets.Scrub(e.GetBaseException().Message));
            throw new OutcomeNotPublishedException(nameof(HostVolumeResized), validation.Identity, e);
        }

        deliveries.Ended(context.ReceiveContext);
        metrics.RequestResized();
        LogPublished(outcome.SizeBytes, outcome.DevicePath);
    }

    private HostVolumeResizeFailed Poisoned(ExtendRequest request, int delivery, string? correlationId) => new(
        request.VolumeId, request.Host, request.AttachmentId, request.NewSizeBytes, null, ResizeFailureReason.CommandFailed,
        $"The message was delivered {delivery} times without an outcome (the worker stopped while working on it, or could "
        + $"not publish its outcome); after {settings.Value.MaxDeliveries} deliveries it is not run again.",
        [], false, correlationId, clock.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Information, Message = "Extending to {NewSizeBytes} bytes ({DriverVolumeType}, retry {Retry})")]
    private partial void LogStarting(long newSizeBytes, string driverVolumeType, int retry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This try failed: {Reason}: {Detail} (transient: {Transient})")]
    private partial void LogTryFailed(ResizeFailureReason reason, string detail, bool transient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The volume is at its size but HostVolumeResized could not be published: {Error}; tried again as a transient failure")]
    private partial void LogNotPublished(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published HostVolumeResized: {SizeBytes} bytes on {DevicePath}")]
    private partial void LogPublished(long? sizeBytes, string? devicePath);
}
