using System.Text.Json;
using Brick.Service.Settings;

namespace Brick.Service.Inbound;

/// <summary>
/// The one reader of request bodies, for the service (a delivery and its content type) and the commands (a file or
/// stdin): a raw <c>VolumeExtended</c> object or a MassTransit envelope holding one, at most a given number of bytes
/// (<c>Brick:MaxMessageBytes</c>, checked before parsing) and <see cref="MaxDepth"/> levels deep, with no object
/// holding one key twice (at any depth), parsed once.
/// </summary>
public static class InboundReader
{
    /// <summary>The content type of a raw JSON body.</summary>
    public const string RawContentType = "application/json";

    /// <summary>The content type of a MassTransit envelope.</summary>
    public const string EnvelopeContentType = "application/vnd.masstransit+json";

    /// <summary>The default limit on a body, <see cref="EndpointSettings.MaxMessageBytes"/>'s: a request is a few hundred bytes.</summary>
    public static int DefaultMaxBytes { get; } = new EndpointSettings().MaxMessageBytes;

    /// <summary>The deepest nesting read: a request is five levels deep in its envelope.</summary>
    public const int MaxDepth = 32;

    private const string BrokenText = "The body holds a string that is not valid Unicode (an unpaired surrogate escape).";

    private enum Shape
    {
        Raw,
        Envelope,
        EitherByItsFields,
    }

    /// <summary>
    /// Reads a body delivered with <paramref name="contentType"/>: none or <see cref="RawContentType"/> is the request
    /// itself, <see cref="EnvelopeContentType"/> an envelope. Any other is refused, but still read (as either shape) so
    /// that the refusal can name the volume and host and carry the ids.
    /// </summary>
    public static InboundRequest Read(ReadOnlySpan<byte> body, string? contentType, int? maxBytes = null)
    {
        // Only spaces and tabs around the type are dropped: a newline, a line separator or any other character makes it
        // another content type, refused.
        var mediaType = contentType?.Split(';', 2)[0].Trim(' ', '\t').ToLowerInvariant();
        return mediaType switch
        {
            null or "" or RawContentType => Read(body, Shape.Raw, maxBytes ?? DefaultMaxBytes),
            EnvelopeContentType => Read(body, Shape.Envelope, maxBytes ?? DefaultMaxBytes),
            _ => Read(body, Shape.EitherByItsFields, maxBytes ?? DefaultMaxBytes) with
            {
                Problem = $"The content type {InboundIds.Printable(mediaType)} is not accepted; use {RawContentType} or {EnvelopeContentType}.",
            },
        };
    }

    /// <summary>
    /// Reads a body given with no content type (a file, stdin): an envelope when it has the fields of one
    /// (<c>messageType</c> an array, <c>message</c> an object), else the request itself.
    /// </summary>
    public static InboundRequest Read(ReadOnlySpan<byte> body, int? maxBytes = null) => Read(body, Shape.EitherByItsFields, maxBytes ?? DefaultMaxBytes);

    private static InboundRequest Read(ReadOnlySpan<byte> body, Shape shape, int maxBytes)
    {
        if (body.Length > maxBytes)
            return InboundRequest.Unreadable($"The body is {body.Length} bytes, more than the {maxBytes} accepted.");

        JsonElement root;
        try
        {
            root = JsonElement.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return InboundRequest.Unreadable($"The body is not valid JSON: {InboundIds.Printable(e.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The duplicate-key check decodes property names: an unpaired surrogate escape in one ends here.
            return InboundRequest.Unreadable(BrokenText);
        }

        if (!IsWellFormedText(root))
            return InboundRequest.Unreadable(BrokenText);

        if (shape == Shape.EitherByItsFields)
            shape = IsEnvelope(root) ? Shape.Envelope : Shape.Raw;
        if (shape == Shape.Raw)
            return root.ValueKind == JsonValueKind.Object ? new InboundRequest(root, null, null, null) : InboundRequest.Unreadable("The body is not a JSON object.");

        if (root.ValueKind != JsonValueKind.Object)
            return InboundRequest.Unreadable("The envelope is not a JSON object.");
        var correlationId = InboundIds.Id(root, "correlationId");
        var messageId = InboundIds.Id(root, "messageId");
        return root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
            ? new InboundRequest(message, correlationId, messageId, null)
            : InboundRequest.Unreadable("The envelope has no message object.", correlationId, messageId);
    }

    /// <summary>
    /// Whether every string and property name decodes: the parser lets an escaped unpaired surrogate (<c>"\ud800"</c>)
    /// through, and reading it later throws, so a body is refused here, once, instead of in the middle of the validation.
    /// </summary>
    private static bool IsWellFormedText(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(IsWellFormedText);
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!IsWellFormedText(property.Value))
                            return false;
                    }

                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsEnvelope(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array
        && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object;
}
