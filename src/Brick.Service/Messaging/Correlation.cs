using System.Globalization;
using Brick.Service.Inbound;
using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// The correlation id an outcome carries: the request's correlation id, else its message id (envelope or AMQP
/// property); only ids safe to log and copy (<see cref="InboundIds"/>) are taken, any other counts as absent.
/// </summary>
internal static class Correlation
{
    /// <summary>Reads it from what was delivered; <paramref name="request"/> supplies the envelope's ids.</summary>
    public static string? Of(ReceiveContext context, InboundRequest request) =>
        request.CorrelationId
        ?? Header(context, "CorrelationId")
        ?? request.MessageId
        ?? Header(context, "MessageId");

    /// <summary>The id as a <see cref="Guid"/> where it is one (MassTransit's own correlation header), else null.</summary>
    public static Guid? AsGuid(string? correlationId) =>
        Guid.TryParse(correlationId, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string? Header(ReceiveContext context, string name) =>
        context.TransportHeaders.TryGetHeader(name, out var value) && InboundIds.IsSafe(value?.ToString()) ? value!.ToString() : null;
}
