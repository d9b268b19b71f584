namespace Brick.Architecture.Tests.Layering;

/// <summary>The part of another assembly an assembly may use: whole namespaces, and single types of other namespaces.</summary>
/// <param name="Namespaces">Namespaces every type of which it may use.</param>
/// <param name="Types">Further types it may use, by full name (a nested type counts as the type it is declared in).</param>
internal sealed record Surface(IReadOnlyList<string> Namespaces, IReadOnlyList<string> Types)
{
    /// <summary>Whether the type <paramref name="fullName"/> in <paramref name="ns"/> is part of it.</summary>
    public bool Allows(string ns, string fullName) => Namespaces.Contains(ns) || Types.Contains(fullName);
}
