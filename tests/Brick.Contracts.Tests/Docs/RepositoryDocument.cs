using System.Text.RegularExpressions;

namespace Brick.Contracts.Tests.Docs;

/// <summary>
/// A Markdown file of this repository, read from the working copy the tests were built from (the folder that holds
/// <c>Brick.Worker.sln</c>), with the two kinds of marks the docs use for tests: tagged JSON examples and named tables.
/// </summary>
internal sealed partial class RepositoryDocument
{
    private RepositoryDocument(string relativePath, string text)
    {
        RelativePath = relativePath;
        Text = text;
    }

    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = Brick.Testing.RepositoryRoot.Path;

    /// <summary>The path from the root, e.g. <c>docs/wire-contract.md</c>.</summary>
    public string RelativePath { get; }

    /// <summary>The whole text.</summary>
    public string Text { get; }

    public static RepositoryDocument Read(string relativePath) =>
        new(relativePath, File.ReadAllText(Path.Combine(Root, relativePath)));

    /// <summary>Every fenced <c>json</c> block preceded by <c>&lt;!-- example: TAG --&gt;</c>, in order.</summary>
    public IReadOnlyList<TaggedExample> Examples() =>
        [.. Example().Matches(Text).Select(m => new TaggedExample(m.Groups["tag"].Value, m.Groups["json"].Value))];

    /// <summary>How many fenced <c>json</c> blocks there are, tagged or not.</summary>
    public int JsonBlockCount => JsonFence().Count(Text);

    /// <summary>The table right after <c>&lt;!-- table: NAME --&gt;</c>: its body rows, cells trimmed.</summary>
    public MarkdownTable Table(string name)
    {
        var marker = $"<!-- table: {name} -->";
        var start = Text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{RelativePath} has no table marked '{marker}'.");
        Assert.Equal(-1, Text.IndexOf(marker, start + marker.Length, StringComparison.Ordinal));

        var lines = Text[(start + marker.Length)..].Split('\n').Select(l => l.Trim()).SkipWhile(l => l.Length == 0)
            .TakeWhile(l => l.StartsWith('|')).ToList();
        Assert.True(lines.Count >= 3, $"The table '{name}' in {RelativePath} has no rows.");
        return new MarkdownTable(name, [.. lines.Skip(2).Select(Cells)]);
    }

    /// <summary>The texts written in backticks.</summary>
    public IReadOnlyList<string> CodeSpans() => [.. CodeSpan().Matches(Text).Select(m => m.Groups["code"].Value)];

    private static IReadOnlyList<string> Cells(string row) =>
        [.. row.Trim('|').Split('|').Select(c => c.Trim())];

    [GeneratedRegex(@"<!--\s*example:\s*(?<tag>[^>]*?)\s*-->\s*\n```json\n(?<json>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Example();

    [GeneratedRegex(@"^```json$", RegexOptions.Multiline)]
    private static partial Regex JsonFence();

    [GeneratedRegex(@"`(?<code>[^`\n]+)`")]
    private static partial Regex CodeSpan();
}

/// <summary>A JSON example of a document and its tag, e.g. <c>VolumeExtended rejected Misrouted</c>.</summary>
internal sealed record TaggedExample(string Tag, string Json)
{
    /// <summary>The tag's words.</summary>
    public IReadOnlyList<string> Words => Tag.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>What the example is: <c>VolumeExtended</c>, <c>HostVolumeResized</c>, <c>HostVolumeResizeFailed</c> or <c>envelope</c>.</summary>
    public string Kind => Words[0];
}

/// <summary>The body rows of a Markdown table.</summary>
internal sealed record MarkdownTable(string Name, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The name in backticks of the first cell of each row, e.g. <c>volumeId</c>.</summary>
    public IReadOnlyList<string> Keys => [.. Rows.Select(r => Code(r[0]))];

    /// <summary>The row whose first cell is <c>`key`</c>.</summary>
    public IReadOnlyList<string> Row(string key) => Rows.Single(r => Code(r[0]) == key);

    private string Code(string cell)
    {
        var open = cell.IndexOf('`', StringComparison.Ordinal);
        var close = open < 0 ? -1 : cell.IndexOf('`', open + 1);
        Assert.True(close > open + 1, $"A row of table '{Name}' does not start with a name in backticks: {cell}");
        return cell[(open + 1)..close];
    }
}
