using System.Text.Json;

namespace Brick.Service.Inbound;

/// <summary>
/// The one reader of request bodies, for the service (a delivery and its content type) and the commands (a file or
/// stdin): a raw <c>VolumeExtended</c> object or a MassTransit envelope holding one, at most <see cref="MaxBytes"/>
/// and <see cref="MaxDepth"/> levels deep, parsed once.
/// </summary>
public static class InboundReader
{
    /// <summary>The content type of a raw JSON body.</summary>
    public const string RawContentType = "application/json";

    /// <summary>The content type of a MassTransit envelope.</summary>
    public const string EnvelopeContentType = "application/vnd.masstransit+json";

    /// <summary>The largest body read (1 MiB): a request is a few hundred bytes.</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>The deepest nesting read: a request is five levels deep in its envelope.</summary>
    public const int MaxDepth = 32;

    private enum Shape
    {
        Raw,
        Envelope,
        EitherByItsFields,
    }

    /// <summary>
    /// Reads a body delivered with <paramref name="contentType"/>: none or <see cref="RawContentType"/> is the request
    /// itself, <see cref="EnvelopeContentType"/> an envelope; any other is refused.
    /// </summary>
    public static InboundRequest Read(ReadOnlySpan<byte> body, string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            null or "" or RawContentType => Read(body, Shape.Raw),
            EnvelopeContentType => Read(body, Shape.Envelope),
            _ => InboundRequest.Unreadable($"The content type {mediaType} is not accepted; use {RawContentType} or {EnvelopeContentType}."),
        };
    }

    /// <summary>
    /// Reads a body given with no content type (a file, stdin): an envelope when it has the fields of one
    /// (<c>messageType</c> an array, <c>message</c> an object), else the request itself.
    /// </summary>
    public static InboundRequest Read(ReadOnlySpan<byte> body) => Read(body, Shape.EitherByItsFields);

    private static InboundRequest Read(ReadOnlySpan<byte> body, Shape shape)
    {
        if (body.Length > MaxBytes)
            return InboundRequest.Unreadable($"The body is larger than {MaxBytes >> 20} MiB.");

        JsonElement root;
        try
        {
            root = JsonElement.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            return InboundRequest.Unreadable($"The body is not valid JSON: {e.Message}");
        }

        if (shape == Shape.EitherByItsFields)
            shape = IsEnvelope(root) ? Shape.Envelope : Shape.Raw;
        if (shape == Shape.Raw)
            return root.ValueKind == JsonValueKind.Object ? new InboundRequest(root, null, null, null) : InboundRequest.Unreadable("The body is not a JSON object.");

        if (root.ValueKind != JsonValueKind.Object)
            return InboundRequest.Unreadable("The envelope is not a JSON object.");
        var correlationId = Text(root, "correlationId");
        var messageId = Text(root, "messageId");
        return root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
            ? new InboundRequest(message, correlationId, messageId, null)
            : InboundRequest.Unreadable("The envelope has no message object.", correlationId, messageId);
    }

    private static bool IsEnvelope(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array
        && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object;

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
