using Shared = Brick.Testing.Prerequisite;

namespace Brick.Deploy.Tests.Support;

/// <summary>The deployment tests' prerequisites, on the one shared rule (<see cref="Shared"/>: fail in CI, skip elsewhere with the reason).</summary>
internal static class Prerequisite
{
    public static void Require(bool met, string reason) => Shared.Require(met, reason);

    /// <summary>Requires a program on <c>PATH</c>.</summary>
    public static void RequireProgram(string name, string installHint) =>
        Shared.Require(Programs.Find(name) is not null, $"{name} is not installed ({installHint})");

    public static bool IsRoot => Environment.UserName == "root";
}
