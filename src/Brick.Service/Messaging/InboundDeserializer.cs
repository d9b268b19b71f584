using System.Net.Mime;
using Brick.Service.Inbound;
using MassTransit;
using MassTransit.Serialization;

namespace Brick.Service.Messaging;

/// <summary>
/// The worker endpoint's deserializer for both bodies of the contract (one instance per content type, the raw one
/// also for deliveries with no or another content type): reads the body once into an <see cref="InboundRequest"/>,
/// which never fails: a body that holds no request reaches the consumer with its <see cref="InboundRequest.Problem"/>.
/// </summary>
internal sealed class InboundDeserializer(ContentType contentType, int maxBytes) : IMessageDeserializer, ISerializerFactory
{
    /// <summary>For <c>application/json</c>, no content type, and any other; bodies of at most <paramref name="maxBytes"/>.</summary>
    public static InboundDeserializer Raw(int maxBytes) => new(new ContentType(InboundReader.RawContentType), maxBytes);

    /// <summary>For <c>application/vnd.masstransit+json</c>; bodies of at most <paramref name="maxBytes"/>.</summary>
    public static InboundDeserializer Envelope(int maxBytes) => new(new ContentType(InboundReader.EnvelopeContentType), maxBytes);

    /// <inheritdoc />
    public ContentType ContentType { get; } = contentType;

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateScope("brick-inbound").Add("contentType", ContentType.MediaType);

    /// <inheritdoc />
    public ConsumeContext Deserialize(ReceiveContext receiveContext) =>
        new BodyConsumeContext(receiveContext, new InboundSerializerContext(
            InboundDelivery.Of(receiveContext, maxBytes), receiveContext.Body, ContentType, receiveContext.TransportHeaders, receiveContext.InputAddress));

    /// <inheritdoc />
    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        new InboundSerializerContext(InboundReader.Read(body.GetBytes(), ContentType.MediaType, maxBytes), body, ContentType, headers, destinationAddress);

    /// <inheritdoc />
    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);

    /// <inheritdoc />
    public IMessageSerializer CreateSerializer() => throw new NotSupportedException("The worker's inbound deserializer does not serialize.");

    /// <inheritdoc />
    public IMessageDeserializer CreateDeserializer() => this;
}
