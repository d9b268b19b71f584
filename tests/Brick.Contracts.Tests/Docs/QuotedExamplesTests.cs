using System.Text.RegularExpressions;

namespace Brick.Contracts.Tests.Docs;

/// <summary>
/// The examples the docs quote are the files the tests run: every fenced block after <c>&lt;!-- quoted from PATH --&gt;</c>
/// holds that file's text, verbatim.
/// </summary>
public sealed partial class QuotedExamplesTests
{
    [Fact]
    public void Control_plane_doc_quotes_the_python_client_that_the_tests_run()
    {
        var quotes = Quotes("docs/control-plane.md");

        Assert.Contains(quotes, q => q.Path == "deploy/examples/extend.py");
    }

    [Fact]
    public void Control_plane_doc_quotes_the_MassTransit_publisher_set_up_that_the_integration_tests_use()
    {
        var quotes = Quotes("docs/control-plane.md");

        Assert.Contains(quotes, q => q.Path == "src/Brick.Service/Messaging/ContractPublishing.cs");
    }

    [Theory]
    [InlineData("docs/control-plane.md")]
    public void Every_quoted_block_is_its_file_verbatim(string document)
    {
        foreach (var (path, block) in Quotes(document))
        {
            var file = File.ReadAllText(Path.Combine(RepositoryDocument.Root, path)).ReplaceLineEndings("\n");
            Assert.True(file == block, $"{document}: the block quoted from {path} differs from the file; copy the file into the block again.");
        }
    }

    private static IReadOnlyList<(string Path, string Block)> Quotes(string document) =>
        [.. Quoted().Matches(RepositoryDocument.Read(document).Text.ReplaceLineEndings("\n")).Select(m => (m.Groups["path"].Value, m.Groups["block"].Value))];

    [GeneratedRegex(@"<!-- quoted from (?<path>[^ ]+) -->\n```[a-z]*\n(?<block>.*?)```\n", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();
}
