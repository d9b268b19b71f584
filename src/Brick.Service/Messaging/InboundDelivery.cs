using Brick.Service.Inbound;
using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// The request of one delivery, read by <see cref="InboundReader"/> the first time anything asks (the deserializer,
/// else the error pipe) and kept on the delivery: its body is parsed once, however many tries and pipes see it. Its
/// content type is the one delivered (<see cref="DeliveredContentType"/>), not MassTransit's reading of it. A
/// message <see cref="OversizedBodyGuard"/> moved (header <c>brick-oversized</c>) is refused for its original size.
/// </summary>
internal static class InboundDelivery
{
    /// <summary>The request of <paramref name="context"/>, whose body may be at most <paramref name="maxBytes"/>.</summary>
    public static InboundRequest Of(ReceiveContext context, int maxBytes) =>
        context.GetOrAddPayload(() => Oversized(context) is { } size
            ? InboundRequest.Unreadable($"The body was {size} bytes, more than the {maxBytes} accepted and than MaxReceivedBytes: it was taken off the "
                + $"queue unread, and only its first {OversizedBodyGuard.KeptBytes} bytes are kept here.")
            : InboundReader.Read(context.Body.GetBytes(), DeliveredContentType.Of(context), maxBytes));

    private static long? Oversized(ReceiveContext context) =>
        context.TransportHeaders.TryGetHeader(OversizedBodyGuard.Header, out var value) && value is long or int or string
            && long.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var size)
            ? size
            : null;
}
