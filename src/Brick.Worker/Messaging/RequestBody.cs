using System.Text.Json;

namespace Brick.Worker.Messaging;

/// <summary>
/// What a delivered body says, read without trusting it: the request object (the body itself for raw JSON, the
/// envelope's <c>message</c> for a MassTransit envelope), the envelope's ids, or why it cannot be read.
/// </summary>
/// <param name="Message">The request object (a clone, safe to keep), or null when <paramref name="Problem"/> is set.</param>
/// <param name="CorrelationId">The envelope's <c>correlationId</c>, if any.</param>
/// <param name="MessageId">The envelope's <c>messageId</c>, if any.</param>
/// <param name="Problem">Why the body is not a request, one sentence, or null.</param>
public sealed record RequestBody(JsonElement? Message, string? CorrelationId, string? MessageId, string? Problem)
{
    /// <summary>The content type of a raw JSON body.</summary>
    public const string RawContentType = "application/json";

    /// <summary>The content type of a MassTransit envelope.</summary>
    public const string EnvelopeContentType = "application/vnd.masstransit+json";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    /// <summary>Reads a body delivered with <paramref name="contentType"/> (null or empty: raw JSON).</summary>
    public static RequestBody Read(ReadOnlyMemory<byte> body, string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        var envelope = mediaType == EnvelopeContentType;
        if (!envelope && !string.IsNullOrEmpty(mediaType) && mediaType != RawContentType)
            return Failed($"The content type {mediaType} is not accepted; use {RawContentType} or {EnvelopeContentType}.");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            return Failed($"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (!envelope)
                return root.ValueKind == JsonValueKind.Object ? new RequestBody(root.Clone(), null, null, null) : Failed("The body is not a JSON object.");

            if (root.ValueKind != JsonValueKind.Object)
                return Failed("The envelope is not a JSON object.");
            var correlationId = Text(root, "correlationId");
            var messageId = Text(root, "messageId");
            return root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                ? new RequestBody(message.Clone(), correlationId, messageId, null)
                : new RequestBody(null, correlationId, messageId, "The envelope has no message object.");
        }
    }

    private static RequestBody Failed(string problem) => new(null, null, null, problem);

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
