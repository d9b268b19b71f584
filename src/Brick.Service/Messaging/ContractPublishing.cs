using Brick.Contracts;
using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// How a MassTransit (RabbitMQ) publisher sends <see cref="VolumeExtended"/> by the contract: to
/// <c>brick.volume-extended</c> (direct, durable, alternate exchange <c>brick.unrouted</c>, the same declaration the worker
/// makes) with the host as routing key. Used by the demo and the tests; a control plane on MassTransit can copy it.
/// </summary>
internal static class ContractPublishing
{
    /// <summary>Sets the entity name, exchange type and arguments, and the routing key of <see cref="VolumeExtended"/>.</summary>
    public static void ConfigureVolumeExtended(IRabbitMqBusFactoryConfigurator bus)
    {
        bus.Message<VolumeExtended>(message => message.SetEntityName(EntityNames.VolumeExtendedExchange));
        bus.Publish<VolumeExtended>(publish =>
        {
            publish.ExchangeType = ContractTopology.VolumeExtendedExchangeType;
            publish.Durable = true;
            publish.AutoDelete = false;
            foreach (var (key, value) in ContractTopology.VolumeExtendedArguments)
                publish.SetExchangeArgument(key, value);
        });
        bus.Send<VolumeExtended>(send => send.UseRoutingKeyFormatter(context => context.Message.Host));
    }
}
