using MassTransit;

namespace Brick.Service.Messaging;

/// <summary>
/// The content type a delivery came with, as the sender wrote it: the AMQP <c>content_type</c> property on RabbitMQ,
/// the <c>Content-Type</c> header elsewhere. Not MassTransit's parsed <see cref="ReceiveContext.ContentType"/>: that is
/// null for any text <see cref="System.Net.Mime.ContentType"/> cannot parse (<c>text/plain; x</c>), and on RabbitMQ
/// falls back to a <c>Content-Type</c> AMQP header the sender may also set, so a content type the contract refuses
/// would be read as none at all, that is as raw JSON, and acted on.
/// </summary>
internal static class DeliveredContentType
{
    private const string Header = "Content-Type";

    /// <summary>The content type of <paramref name="context"/> as delivered, or null when it had none.</summary>
    public static string? Of(ReceiveContext context)
    {
        if (context.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit))
            return rabbit.Properties.IsContentTypePresent() ? rabbit.Properties.ContentType : null;
        if (context.TransportHeaders.TryGetHeader(Header, out var header) && header is not null)
            return header as string ?? header.ToString();
        return context.ContentType?.ToString();
    }
}
