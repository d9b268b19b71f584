using Brick.Service.Inbound;
using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// The request of one delivery, read by <see cref="InboundReader"/> the first time anything asks (the deserializer,
/// else the error pipe) and kept on the delivery: its body is parsed once, however many tries and pipes see it. Its
/// content type is the one delivered (<see cref="DeliveredContentType"/>), not MassTransit's reading of it.
/// </summary>
internal static class InboundDelivery
{
    /// <summary>The request of <paramref name="context"/>, whose body may be at most <paramref name="maxBytes"/>.</summary>
    public static InboundRequest Of(ReceiveContext context, int maxBytes) =>
        context.GetOrAddPayload(() => InboundReader.Read(context.Body.GetBytes(), DeliveredContentType.Of(context), maxBytes));
}
