using Brick.Contracts;
using Brick.Service.Settings;
using Microsoft.Extensions.Options;

namespace Brick.Service.Messaging;

/// <summary>
/// Publishes outcomes to the contract's topic exchanges with the host as routing key, persistent, confirmed by the
/// broker within <c>PublishTimeout</c>, on the bus's own channel (<see cref="TopicSender"/> says why).
/// </summary>
internal sealed class OutcomePublisher(IOptions<EndpointSettings> settings, IOptions<HostSettings> host, IServiceProvider services)
{
    private static readonly Uri ResizedAddress = TopicSender.Exchange(EntityNames.HostVolumeResizedExchange);
    private static readonly Uri FailedAddress = TopicSender.Exchange(EntityNames.HostVolumeResizeFailedExchange);
    private readonly TopicSender _sender = new(settings.Value, services, EntityNames.WorkerQueue(host.Value.Host));

    /// <summary>Publishes a success.</summary>
    public Task PublishAsync(HostVolumeResized message, CancellationToken cancellationToken) =>
        _sender.SendAsync(ResizedAddress, message, message.Host, message.CorrelationId, cancellationToken);

    /// <summary>Publishes a failure.</summary>
    public Task PublishAsync(HostVolumeResizeFailed message, CancellationToken cancellationToken) =>
        _sender.SendAsync(FailedAddress, message, message.Host, message.CorrelationId, cancellationToken);
}
