using System.Diagnostics.CodeAnalysis;
using System.Net.Mime;
using System.Text.Json;
using Brick.Service.Inbound;
using MassTransit;
using MassTransit.Serialization;

namespace Brick.Service.Messaging;

/// <summary>
/// What the consumer is handed: the delivery's <see cref="InboundRequest"/> as its one message type, already read.
/// The ids come from the transport headers, as for any raw message. Nothing is serialized again from it: forwarding
/// copies the body as it came.
/// </summary>
internal sealed class InboundSerializerContext(InboundRequest request, MessageBody body, ContentType contentType, Headers headers, Uri? destination)
    : BaseSerializerContext(
        SystemTextJsonMessageSerializer.Instance,
        new RawMessageContext(headers, destination, RawSerializerOptions.Default),
        [MessageUrn.ForTypeString<InboundRequest>()])
{
    /// <inheritdoc />
    public override bool IsSupportedMessageType<T>() => typeof(T) == typeof(InboundRequest);

    /// <inheritdoc />
    public override bool IsSupportedMessageType(Type messageType) => messageType == typeof(InboundRequest);

    /// <inheritdoc />
    public override bool TryGetMessage<T>(out T? message)
        where T : class
    {
        message = request as T;
        return message is not null;
    }

    /// <inheritdoc />
    public override bool TryGetMessage(Type messageType, [NotNullWhen(true)] out object? message)
    {
        message = messageType == typeof(InboundRequest) ? request : null;
        return message is not null;
    }

    /// <inheritdoc />
    public override IMessageSerializer GetMessageSerializer() => new CopyBodySerializer(contentType, body);

    /// <inheritdoc />
    public override IMessageSerializer GetMessageSerializer<T>(MessageEnvelope envelope, T message) => GetMessageSerializer();

    /// <inheritdoc />
    public override IMessageSerializer GetMessageSerializer(object message, string[] messageTypes) => GetMessageSerializer();

    /// <inheritdoc />
    public override Dictionary<string, object> ToDictionary<T>(T? message)
        where T : class =>
        message is null
            ? new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase)
            : JsonSerializer.SerializeToElement(message, SystemTextJsonMessageSerializer.Options).Deserialize<Dictionary<string, object>>()!;
}
