using System.Text.Json;

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

    /// <summary>The message object inside a MassTransit envelope (<c>message</c> + <c>messageType</c>), else the body itself.</summary>
    public static ReadOnlyMemory<byte> Unwrap(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array
                && root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
                return JsonSerializer.SerializeToUtf8Bytes(message);
        }
        catch (JsonException)
        {
            // Not JSON: the validator says so with its own reason.
        }

        return body;
    }
}
