using Brick.Cinder.Bridging;
using Brick.Contracts;
using Brick.Service.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.Options;

namespace Brick.Cinder.Messaging;

/// <summary>
/// Publishes a <c>VolumeExtended</c> as the wire contract asks of a block-storage service: to <c>brick.volume-extended</c>
/// (direct, <c>alternate-exchange: brick.unrouted</c>, declared exactly so) with the host as routing key, persistent,
/// confirmed by the broker within <c>PublishTimeout</c>, its correlation id in the envelope and the AMQP property
/// (<see cref="TopicSender"/>, <c>run</c>'s own sender, on the <see cref="IBrickBus"/>).
/// </summary>
internal sealed class VolumeExtendedSender(IOptions<EndpointSettings> settings, IServiceProvider services)
{
    private static readonly Uri Address = new(
        $"exchange:{EntityNames.VolumeExtendedExchange}?type={ContractTopology.VolumeExtendedExchangeType}&alternateexchange={EntityNames.Unrouted}");

    private readonly TopicSender _sender = new(settings.Value, new BrickBusServices(services));

    /// <summary>Sends <paramref name="request"/> and waits for the broker's confirm.</summary>
    public Task SendAsync(BridgedRequest request, CancellationToken cancellationToken) =>
        _sender.SendAsync(Address, request.Request, request.Request.Host, request.CorrelationId.ToString(), cancellationToken);
}
