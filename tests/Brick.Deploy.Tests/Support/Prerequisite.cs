namespace Brick.Deploy.Tests.Support;

/// <summary>
/// Tests that need Docker, root, dpkg or systemd's tools: in CI (<c>CI=true</c>) a missing facility fails the test;
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

    /// <summary>Requires a program on <c>PATH</c>.</summary>
    public static void RequireProgram(string name, string installHint) =>
        Require(Programs.Find(name) is not null, $"{name} is not installed ({installHint})");

    public static bool IsRoot => Environment.UserName == "root";
}
