using System.Text.Json;
using Brick.Engine.Requests;

namespace Brick.Worker.Cli;

/// <summary>Reads one request from a file or stdin: a raw <c>VolumeExtended</c> object, or a MassTransit envelope holding one.</summary>
internal static class RequestInput
{
    public const int MaxBytes = 1 << 20;

    public static async Task<byte[]> ReadAsync(string source, TextReader stdin, CancellationToken cancellationToken)
    {
        if (source == "-")
        {
            var text = await stdin.ReadToEndAsync(cancellationToken);
            return System.Text.Encoding.UTF8.GetBytes(text.Length > MaxBytes ? text[..MaxBytes] : text);
        }

        await using var stream = File.OpenRead(source);
        var buffer = new byte[MaxBytes];
        var read = await stream.ReadAtLeastAsync(buffer, MaxBytes, throwOnEndOfStream: false, cancellationToken);
        return buffer[..read];
    }

    /// <summary>
    /// Validates the request, parsed once: a raw <c>VolumeExtended</c> object, or the <c>message</c> object of a MassTransit
    /// envelope (<c>message</c> + <c>messageType</c>). A body that is not JSON goes to the validator, which names the problem.
    /// </summary>
    public static ValidationResult Validate(byte[] body, RequestValidator validator)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return validator.Validate(body);
        }

        using (document)
        {
            var root = document.RootElement;
            var isEnvelope = root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array
                && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object;
            return validator.Validate(isEnvelope ? root.GetProperty("message") : root);
        }
    }
}
