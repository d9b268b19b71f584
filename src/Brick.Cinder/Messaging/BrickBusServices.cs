using MassTransit;

namespace Brick.Cinder.Messaging;

/// <summary>
/// The container as <c>run</c>'s <see cref="Brick.Service.Messaging.TopicSender"/> sees it, but with <see cref="IBrickBus"/>
/// behind <see cref="IBus"/>: the sender then sends on the bridge's publishing bus, with its confirms and time limit.
/// </summary>
internal sealed class BrickBusServices(IServiceProvider services) : IServiceProvider
{
    /// <inheritdoc />
    public object? GetService(Type serviceType) =>
        serviceType == typeof(IBus) ? services.GetService(typeof(IBrickBus)) : services.GetService(serviceType);
}
