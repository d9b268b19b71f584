using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Brick.Service.Messaging;

/// <summary>
/// <c>run</c>'s consumer (<see cref="VolumeExtendedConsumer"/>, its endpoint <see cref="VolumeExtendedConsumer.Endpoint"/>)
/// on the shared skeleton (<see cref="ConsumerBus"/>), with the outcome publisher and the poison count of
/// <see cref="DeliveryCounter"/>; on RabbitMQ (the service) or in memory (the demo).
/// </summary>
public static class ExtendBus
{
    /// <summary>The worker on RabbitMQ: the endpoint <c>brick-worker.&lt;host&gt;</c>, which consumes once its binding is declared.</summary>
    internal static IServiceCollection AddExtendBusOnRabbitMq(this IServiceCollection services) =>
        services.AddExtendParts().AddConsumerBusOnRabbitMq<VolumeExtendedConsumer, FailureRecorder>(VolumeExtendedConsumer.Endpoint);

    /// <summary>
    /// The worker on MassTransit's in-memory transport; <paramref name="configure"/> adds endpoints of its own (the
    /// demo's control plane). A <c>VolumeExtended</c> sent to <c>exchange:brick.volume-extended</c> with the host as
    /// routing key reaches the worker.
    /// </summary>
    public static IServiceCollection AddExtendBusInMemory(
        this IServiceCollection services, Action<IBusRegistrationContext, IInMemoryBusFactoryConfigurator>? configure = null) =>
        services.AddExtendParts().AddConsumerBusInMemory<VolumeExtendedConsumer, FailureRecorder>(VolumeExtendedConsumer.Endpoint, configure);

    private static IServiceCollection AddExtendParts(this IServiceCollection services)
    {
        services.AddOutcomePublisher(VolumeExtendedConsumer.Outcomes);
        services.AddSingleton<DeliveryCounter>();
        return services;
    }
}
