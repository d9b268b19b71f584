using Brick.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Brick.Service.Messaging;

/// <summary>
/// <c>run</c>'s consumer on the shared skeleton (<see cref="ConsumerBus"/>): <c>VolumeExtended</c> from
/// <c>brick-worker.&lt;host&gt;</c>, bound from <c>brick.volume-extended</c> (direct, key = host), its failures recorded
/// by <see cref="FailureRecorder"/>, engine failures and unpublished outcomes retried, the poison count of
/// <see cref="DeliveryCounter"/>; on RabbitMQ (the service) or in memory (the demo).
/// </summary>
public static class WorkerBus
{
    /// <summary>The worker's endpoint.</summary>
    internal static readonly ConsumerEndpoint<VolumeExtendedConsumer> Endpoint = new(
        "VolumeExtended", s => EntityNames.WorkerQueue(s.Host), "brick",
        () => new InvalidDataException("The body is not a VolumeExtended object."),
        [typeof(TransientFailureException), typeof(OutcomeNotPublishedException)])
    {
        Topology = s => HostTopology.Worker(s.Host, s.ErrorQueueType),
        OnInMemory = (memory, s) => memory.Bind(EntityNames.VolumeExtendedExchange, MassTransit.Transports.Fabric.ExchangeType.Direct, s.Host),
    };

    /// <summary>The worker on RabbitMQ: the endpoint <c>brick-worker.&lt;host&gt;</c>, which consumes once its binding is declared.</summary>
    internal static IServiceCollection AddWorkerBusOnRabbitMq(this IServiceCollection services) =>
        services.AddWorkerParts().AddConsumerBusOnRabbitMq<VolumeExtendedConsumer, FailureRecorder>(Endpoint);

    /// <summary>
    /// The worker on MassTransit's in-memory transport; <paramref name="configure"/> adds endpoints of its own (the
    /// demo's control plane). A <c>VolumeExtended</c> sent to <c>exchange:brick.volume-extended</c> with the host as
    /// routing key reaches the worker.
    /// </summary>
    public static IServiceCollection AddWorkerBusInMemory(
        this IServiceCollection services, Action<IBusRegistrationContext, IInMemoryBusFactoryConfigurator>? configure = null) =>
        services.AddWorkerParts().AddConsumerBusInMemory<VolumeExtendedConsumer, FailureRecorder>(Endpoint, configure);

    private static IServiceCollection AddWorkerParts(this IServiceCollection services)
    {
        services.AddSingleton<OutcomePublisher>();
        services.AddSingleton<DeliveryCounter>();
        return services;
    }
}
