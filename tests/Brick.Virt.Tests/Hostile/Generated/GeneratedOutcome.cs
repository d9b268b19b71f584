namespace Brick.Virt.Tests.Hostile.Generated;

/// <summary>
/// One generated delivery for blockresize: the classes of hostility in it, what was done (<paramref name="Mutations"/>),
/// the content type and bytes delivered, and whether the contract says it is valid (else <c>InvalidOutcome</c>).
/// </summary>
internal sealed record GeneratedOutcome(int Index, IReadOnlyList<string> Classes, string Mutations, string? ContentType, byte[] Body, bool IsValid)
{
    /// <summary>The case as one line, to replay it or to add it to <see cref="HostileOutcomes"/>.</summary>
    public string Describe()
    {
        var text = System.Text.Encoding.UTF8.GetString(Body);
        var shown = text.Length > 300 ? text[..300] + $"... ({Body.Length} bytes)" : text;
        return $"case {Index} [{Mutations}] content type {System.Text.Json.JsonSerializer.Serialize(ContentType)}, expected {(IsValid ? "valid" : "InvalidOutcome")}: {System.Text.Json.JsonSerializer.Serialize(shown)}";
    }
}
