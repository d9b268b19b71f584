namespace Brick.Deploy.Tests.Support;

/// <summary>How long a deployment step took, in the test's output and on stderr (which CI's log keeps for passed tests too).</summary>
internal static class Timing
{
    public static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.Error.WriteLine($"deploy timing: {line}");
    }
}
