using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Messaging;

/// <summary>
/// Publishes what blockresize did to <c>brick.guest-disk-resized</c> and <c>brick.guest-disk-resize-failed</c> (topic,
/// durable) with the host as routing key, persistent, confirmed by the broker within <c>PublishTimeout</c> on the bus's
/// own channel; envelope or bare JSON as the <c>Output</c> setting says, as <c>run</c> publishes its outcomes
/// (<see cref="TopicSender"/>).
/// </summary>
internal sealed class GuestOutcomePublisher(IOptions<EndpointSettings> settings, IOptions<HostSettings> host, IServiceProvider services)
{
    private static readonly Uri ResizedAddress = TopicSender.Exchange(EntityNames.GuestDiskResizedExchange);
    private static readonly Uri FailedAddress = TopicSender.Exchange(EntityNames.GuestDiskResizeFailedExchange);
    private readonly TopicSender _sender = new(settings.Value, services, EntityNames.BlockresizeQueue(host.Value.Host));

    /// <summary>Publishes a resized disk.</summary>
    public Task PublishAsync(GuestDiskResized message, CancellationToken cancellationToken) =>
        _sender.SendAsync(ResizedAddress, message, message.Host, message.CorrelationId, cancellationToken);

    /// <summary>Publishes a disk (or guest) that failed.</summary>
    public Task PublishAsync(GuestDiskResizeFailed message, CancellationToken cancellationToken) =>
        _sender.SendAsync(FailedAddress, message, message.Host, message.CorrelationId, cancellationToken);
}
