namespace Brick.Engine.Tests.Support;

/// <summary>
/// Tests that need root, loop devices or other host facilities: in CI (<c>CI=true</c>) a missing facility fails the test;
/// elsewhere the test is skipped with the reason printed.
/// </summary>
internal static class Prerequisite
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Require(bool met, string reason)
    {
        if (met)
            return;
        if (InCi)
            Assert.Fail($"CI must run this test, but: {reason}");
        Console.Error.WriteLine($"SKIP: {reason}");
        Assert.Skip(reason);
    }
}
