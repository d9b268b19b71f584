using Brick.Contracts;
using Brick.Service.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Brick.Virt.Messaging;

/// <summary>
/// blockresize's consumer on the shared skeleton (<see cref="ConsumerBus"/>): <c>HostVolumeResized</c> from
/// <c>brick-blockresize.&lt;host&gt;</c>, bound from <c>brick.host-volume-resized</c> (topic) with the host as key and its
/// error queue from <c>brick.blockresize-dead-letter</c> (<see cref="HostTopology.Blockresize"/>), its failures
/// recorded by <see cref="GuestFailureRecorder"/>, hypervisor failures and unpublished outcomes retried, at most
/// <c>MaxConcurrency</c> outcomes worked on at once, the poison count of <see cref="DeliveryCounter"/>.
/// </summary>
internal static class BlockresizeBus
{
    /// <summary>blockresize's endpoint.</summary>
    public static readonly ConsumerEndpoint<BlockresizeConsumer> Endpoint = new(
        "HostVolumeResized", s => EntityNames.BlockresizeQueue(s.Host), "brick-blockresize",
        () => new InvalidOutcomeException("The body is not a HostVolumeResized object."),
        [typeof(TransientGuestResizeException), typeof(OutcomeNotPublishedException)])
    {
        ConcurrentMessages = s => s.MaxConcurrency,
        Topology = s => HostTopology.Blockresize(s.Host, s.ErrorQueueType),
        ConnectionName = s => $"brick-worker blockresize {s.Host}",
    };

    /// <summary>Registers the bus, the consumer and the error pipe.</summary>
    public static IServiceCollection AddBlockresizeBusOnRabbitMq(this IServiceCollection services) =>
        services.AddConsumerBusOnRabbitMq<BlockresizeConsumer, GuestFailureRecorder>(Endpoint);
}
