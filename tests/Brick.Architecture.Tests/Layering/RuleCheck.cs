using Brick.Architecture.Tests.Graph;
using Mono.Cecil;

namespace Brick.Architecture.Tests.Layering;

/// <summary>
/// Reads one assembly against its <see cref="AssemblyRule"/>: each method returns what breaks one part of the rule, one
/// line each with the types behind it, and nothing where the assembly keeps to it.
/// </summary>
internal sealed class RuleCheck(AssemblyRule rule, AssemblyDefinition assembly)
{
    private readonly Lazy<NamespaceGraph> _graph = new(() => NamespaceGraph.Of([assembly], BrickAssemblies.IsBrick));

    /// <summary>The check of <paramref name="rule"/> on its own assembly's file.</summary>
    public static RuleCheck Of(AssemblyRule rule) => new(rule, rule.Read());

    /// <summary>Whether an assembly name is one of the project's (<c>Brick.*</c>, <c>brick-worker</c>) rather than a package's or the runtime's.</summary>
    public static bool IsProject(string name) => name == "brick-worker" || name.StartsWith("Brick.", StringComparison.Ordinal);

    private IEnumerable<string> References => assembly.MainModule.AssemblyReferences.Select(r => r.Name);

    /// <summary>Project assemblies it references that <see cref="AssemblyRule.MayReference"/> does not list.</summary>
    public IReadOnlyList<string> UnlistedReferences() =>
        [.. References.Where(IsProject).Except(rule.MayReference).Order(StringComparer.Ordinal).Select(r => $"{rule.Assembly} references {r}")];

    /// <summary>Assemblies of <see cref="AssemblyRule.MustReference"/> it does not reference.</summary>
    public IReadOnlyList<string> MissingReferences() =>
        [.. rule.MustReference.Except(References).Select(r => $"{rule.Assembly} does not reference {r}")];

    /// <summary>Packages of <see cref="AssemblyRule.MayNotReference"/> it references.</summary>
    public IReadOnlyList<string> ForbiddenPackages() =>
        [.. References.Where(r => rule.MayNotReference.Any(p => r == p || r.StartsWith(p + ".", StringComparison.Ordinal)))
            .Select(r => $"{rule.Assembly} references {r}")];

    /// <summary>Its own types whose namespace is a project one (<c>Brick…</c>) outside <see cref="AssemblyRule.Root"/>.</summary>
    public IReadOnlyList<string> OutsideRoot() =>
        [.. assembly.MainModule.GetTypes().Where(t => t.DeclaringType is null && BrickAssemblies.IsBrick(t.Namespace) && !Under(t.Namespace))
            .Select(t => $"{t.FullName} is not under {rule.Root}")];

    /// <summary>Namespaces of its own types that <see cref="AssemblyRule.Layers"/> does not list (none where it has no layers).</summary>
    public IReadOnlyList<string> Unlayered() =>
        rule.Layers is { } layers ? [.. OwnNamespaces().Except(layers).Select(ns => $"{ns} has no layer")] : [];

    /// <summary>Uses of a namespace after the user in <see cref="AssemblyRule.Layers"/>.</summary>
    public IReadOnlyList<string> Backwards()
    {
        if (rule.Layers is not { } layers)
            return [];
        var graph = _graph.Value;
        return [.. layers.SelectMany((from, i) => graph.Uses(from).Where(to => IndexOf(layers, to) > i).Select(to => graph.Describe(from, to)))];
    }

    /// <summary>Uses between the namespaces of an <see cref="AssemblyRule.Apart"/> pair.</summary>
    public IReadOnlyList<string> Joined()
    {
        var graph = _graph.Value;
        return [.. rule.Apart.SelectMany(pair => new[] { (pair.One, pair.Other), (pair.Other, pair.One) })
            .Where(edge => graph.Uses(edge.Item1).Contains(edge.Item2))
            .Select(edge => graph.Describe(edge.Item1, edge.Item2))];
    }

    /// <summary>Types of an assembly named in <see cref="AssemblyRule.Surfaces"/> that it uses outside that surface, with a type that uses each.</summary>
    public IReadOnlyList<string> OutsideSurfaces() =>
        [.. (from user in assembly.MainModule.GetTypes()
             from used in TypeUses.Of(user).Select(TypeUses.Outermost)
             let owner = AssemblyOf(used)
             where owner is not null && rule.Surfaces.TryGetValue(owner, out var surface) && !surface.Allows(used.Namespace, used.FullName)
             group TypeUses.Outermost(user).FullName by $"{owner} {used.FullName}" into uses
             orderby uses.Key
             select $"{uses.Key}, used by {uses.Order(StringComparer.Ordinal).First()}")];

    /// <summary>The project namespaces its own types live in.</summary>
    public IReadOnlyList<string> OwnNamespaces() =>
        [.. assembly.MainModule.GetTypes().Select(TypeUses.NamespaceOf).Where(BrickAssemblies.IsBrick).Distinct().Order(StringComparer.Ordinal)];

    private bool Under(string ns) => ns == rule.Root || ns.StartsWith(rule.Root + ".", StringComparison.Ordinal);

    private static int IndexOf(IReadOnlyList<string> layers, string ns)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] == ns)
                return i;
        }

        return -1;
    }

    /// <summary>The assembly a referenced type comes from, or null for the assembly's own types.</summary>
    private static string? AssemblyOf(TypeReference type) => type.Scope switch
    {
        AssemblyNameReference reference => reference.Name,
        _ => null,
    };
}
