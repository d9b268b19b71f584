using Brick.Engine.Requests;

namespace Brick.Engine.Tests.Requests;

/// <summary>An untrusted value quoted in a detail sentence cannot break, forge or reorder a log line.</summary>
public sealed class PrintableTests
{
    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u2028b")]
    [InlineData("a\u2029b")]
    [InlineData("a\u202Ab")]
    [InlineData("a\u202Bb")]
    [InlineData("a\u202Cb")]
    [InlineData("a\u202Db")]
    [InlineData("a\u202Eb")]
    [InlineData("a\u2066b")]
    [InlineData("a\u2067b")]
    [InlineData("a\u2068b")]
    [InlineData("a\u2069b")]
    public void Line_breaks_and_bidirectional_controls_become_question_marks(string value) =>
        Assert.Equal("'a?b'", ConnectionDataReader.Printable(value));

    [Fact]
    public void Ordinary_text_is_kept_and_a_long_value_is_clipped() =>
        Assert.Equal("'" + new string('é', 80) + "…'", ConnectionDataReader.Printable(new string('é', 100)));
}
