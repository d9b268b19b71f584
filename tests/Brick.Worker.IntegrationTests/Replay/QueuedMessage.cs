using System.Text;
using RabbitMQ.Client;

namespace Brick.Worker.IntegrationTests.Replay;

/// <summary>A message as read back from a queue: its id, body, content type and headers (header strings decoded).</summary>
public sealed record QueuedMessage(string? MessageId, string Body, string? ContentType, IReadOnlyDictionary<string, object?> Headers)
{
    public static QueuedMessage Read(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body) => new(
        properties.MessageId,
        Encoding.UTF8.GetString(body.Span),
        properties.ContentType,
        (properties.Headers ?? new Dictionary<string, object?>()).ToDictionary(h => h.Key, h => h.Value is byte[] b ? Encoding.UTF8.GetString(b) : h.Value));

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
