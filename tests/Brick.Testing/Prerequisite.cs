using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace Brick.Testing;

/// <summary>
/// The one rule for tests that need what a machine may lack (root, loop devices, Docker, a broker, QEMU, a Python
/// library): in CI (<c>CI=true</c>) a missing prerequisite fails the test; elsewhere the test is skipped with the reason,
/// which should say what to install or set, printed to stderr as well.
/// </summary>
public static class Prerequisite
{
    /// <summary>Whether this run is CI's (<c>CI=true</c>), where nothing may be skipped.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns when <paramref name="met"/>; otherwise fails (in CI) or skips (elsewhere) the calling test with <paramref name="reason"/>.</summary>
    public static void Require([DoesNotReturnIf(false)] bool met, string reason)
    {
        if (!met)
            Missing(reason);
    }

    /// <summary>Fails (in CI) or skips (elsewhere) the calling test: <paramref name="reason"/> is missing.</summary>
    [DoesNotReturn]
    public static void Missing(string reason)
    {
        if (InCi)
            Assert.Fail($"CI must run this test, but: {reason}");
        Console.Error.WriteLine($"SKIP: {reason}");
        Assert.Skip(reason);
    }
}
