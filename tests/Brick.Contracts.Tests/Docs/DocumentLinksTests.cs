using System.Text.RegularExpressions;

namespace Brick.Contracts.Tests.Docs;

/// <summary>
/// The README and the docs link only to what a clone of the repository holds: every relative link leads to a file or
/// folder inside it, and every <c>#anchor</c> into a Markdown file to one of its headings.
/// </summary>
public sealed partial class DocumentLinksTests
{
    public static TheoryData<string> Documents =>
    [
        "README.md",
        .. Directory.EnumerateFiles(Path.Combine(RepositoryDocument.Root, "docs"), "*.md")
            .Select(p => Path.GetRelativePath(RepositoryDocument.Root, p))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_leads_inside_the_repository(string document)
    {
        var doc = RepositoryDocument.Read(document);
        var folder = Path.GetDirectoryName(Path.Combine(RepositoryDocument.Root, document))!;
        foreach (Match link in Link().Matches(doc.Text))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                continue;

            var path = target.Length == 0 ? Path.Combine(RepositoryDocument.Root, document) : Path.GetFullPath(Path.Combine(folder, target));
            Assert.True(path.StartsWith(RepositoryDocument.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal),
                $"{document} links to {target}, outside the repository.");
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{document} links to {target}, which does not exist.");

            var anchor = link.Groups["anchor"].Value;
            if (anchor.Length > 0 && path.EndsWith(".md", StringComparison.Ordinal))
                Assert.Contains(anchor, Anchors(File.ReadAllText(path)));
        }
    }

    /// <summary>The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as dashes.</summary>
    private static HashSet<string> Anchors(string markdown) =>
    [
        .. Heading().Matches(markdown).Select(m =>
            NotInAnchor().Replace(m.Groups["title"].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-')),
    ];

    [GeneratedRegex(@"\]\((?<target>[^)\s#]*)(#(?<anchor>[^)\s]+))?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (?<title>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^a-z0-9 _-]")]
    private static partial Regex NotInAnchor();
}
