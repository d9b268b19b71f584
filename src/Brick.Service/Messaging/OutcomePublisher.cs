using Brick.Contracts;
using Brick.Service.Settings;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// Publishes outcomes to the contract's topic exchanges with the host as routing key, persistent, and waits for the
/// broker's confirm. Written as a MassTransit envelope, or as the bare object when <see cref="OutputFormat.Raw"/> is set.
/// </summary>
internal sealed class OutcomePublisher(IOptions<WorkerSettings> settings)
{
    private static readonly Uri ResizedAddress = TopicSender.Exchange(EntityNames.HostVolumeResizedExchange);
    private static readonly Uri FailedAddress = TopicSender.Exchange(EntityNames.HostVolumeResizeFailedExchange);
    private readonly TopicSender _sender = new(settings.Value);

    /// <summary>Publishes a success through <paramref name="endpoints"/> (the consume context, or the receive context's provider).</summary>
    public Task PublishAsync(ISendEndpointProvider endpoints, HostVolumeResized message, CancellationToken cancellationToken) =>
        _sender.SendAsync(endpoints, ResizedAddress, message, message.Host, message.CorrelationId, cancellationToken);

    /// <summary>Publishes a failure through <paramref name="endpoints"/>.</summary>
    public Task PublishAsync(ISendEndpointProvider endpoints, HostVolumeResizeFailed message, CancellationToken cancellationToken) =>
        _sender.SendAsync(endpoints, FailedAddress, message, message.Host, message.CorrelationId, cancellationToken);
}
