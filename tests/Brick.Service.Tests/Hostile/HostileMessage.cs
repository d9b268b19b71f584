using System.Text;
using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Service.Inbound;

namespace Brick.Service.Tests.Hostile;

/// <summary>One hostile message of <c>hostile-messages.jsonl</c>: its body (plus <see cref="PadBytes"/> spaces), content type and the reason it must end with.</summary>
internal sealed record HostileMessage(string Name, ResizeFailureReason Reason, string? ContentType, string Body, int PadBytes)
{
    private static readonly Lazy<IReadOnlyList<HostileMessage>> Loaded = new(Load);

    /// <summary>Every message of the file.</summary>
    public static IReadOnlyList<HostileMessage> All => Loaded.Value;

    /// <summary>The bytes as delivered.</summary>
    public byte[] Bytes => [.. Encoding.UTF8.GetBytes(Body), .. Enumerable.Repeat((byte)' ', PadBytes)];

    /// <summary>What the worker's own read and validation (the consumer's path) make of it.</summary>
    public ValidationResult Judge(RequestValidator validator, int maxBytes = 64 * 1024) =>
        InboundReader.Read(Bytes, ContentType, maxBytes).Validate(validator);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static List<HostileMessage> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Hostile", "hostile-messages.jsonl");
        return [.. File.ReadLines(path).Where(l => l.Length > 0).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var e = json.RootElement;
            return new HostileMessage(
                e.GetProperty("name").GetString()!,
                Enum.Parse<ResizeFailureReason>(e.GetProperty("reason").GetString()!),
                e.TryGetProperty("contentType", out var ct) ? ct.GetString() : null,
                e.GetProperty("body").GetString()!,
                e.TryGetProperty("padBytes", out var pad) ? pad.GetInt32() : 0);
        })];
    }
}
