namespace Brick.Engine.Programs;

/// <summary>
/// What the programs the worker runs do not inherit from its environment: its own settings (<c>Brick__*</c> in any
/// case, as the configuration reads them: the broker URI may carry a password) and systemd's credentials directory.
/// <c>multipathd</c>, <c>cryptsetup</c> and <c>losetup</c> need none of them. Other variables pass (a wrapper
/// around a program may read its own).
/// </summary>
internal static class ChildEnvironment
{
    private static readonly string[] WithheldPrefixes = ["Brick__", "Brick:"];

    private static readonly string[] WithheldNames = ["CREDENTIALS_DIRECTORY"];

    /// <summary>The names, present in this process's environment now, to remove from a child's.</summary>
    public static IReadOnlyList<string> Withheld() =>
        [.. Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => k.ToString()!).Where(IsWithheld)];

    /// <summary>Whether <paramref name="name"/> is kept from children.</summary>
    public static bool IsWithheld(string name) =>
        WithheldNames.Contains(name, StringComparer.Ordinal)
        || WithheldPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
