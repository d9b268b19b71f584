using Brick.Contracts;

namespace Brick.Service.Tests.Hostile.Generated;

/// <summary>
/// One generated message: what was done to a valid request (<paramref name="Mutations"/>), the content type and bytes
/// delivered, and what the contract says it must end with (<see cref="ContractOracle"/>; empty: it is still valid).
/// </summary>
internal sealed record GeneratedCase(int Index, string Mutations, string? ContentType, byte[] Body, IReadOnlySet<ResizeFailureReason> Expected)
{
    public bool IsValid => Expected.Count == 0;

    /// <summary>The case as one line, to replay or to paste into hostile-messages.jsonl.</summary>
    public string Describe()
    {
        var text = System.Text.Encoding.UTF8.GetString(Body);
        var shown = text.Length > 300 ? text[..300] + $"... ({Body.Length} bytes)" : text;
        var expected = IsValid ? "valid" : string.Join("|", Expected.Order());
        return $"case {Index} [{Mutations}] content type {System.Text.Json.JsonSerializer.Serialize(ContentType)}, expected {expected}: {System.Text.Json.JsonSerializer.Serialize(shown)}";
    }
}
