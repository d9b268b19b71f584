using MassTransit;

namespace Brick.Cinder.Messaging;

/// <summary>
/// The bridge's second bus (MassTransit's multi-bus): connected to <c>Brick:Broker</c>, where it publishes
/// <c>VolumeExtended</c>; it consumes nothing. The default bus consumes Cinder's notifications from <c>Brick:NotificationsBroker</c>.
/// </summary>
public interface IBrickBus : IBus;
