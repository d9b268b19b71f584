namespace Brick.Architecture.Tests.Layering;

/// <summary>
/// What one of the project's assemblies may be built on, one row of <see cref="AssemblyRules"/>: the project assemblies
/// it may reference (any other is refused), those it must reference, the packages it may not reference, the namespace
/// its types live under, the order of its namespaces, and where it may use only part of another project assembly.
/// </summary>
/// <param name="Assembly">The assembly's name (<c>brick-worker</c> for the executable).</param>
/// <param name="Helper">A library under <c>tests/</c>, read from its own build folder; no production assembly may reference it.</param>
internal sealed record AssemblyRule(string Assembly, bool Helper = false)
{
    /// <summary>The namespace every one of its types lives under (its project's <c>RootNamespace</c>).</summary>
    public string Root { get; init; } = BrickAssemblies.RootNamespace(Assembly);

    /// <summary>The project assemblies (<c>Brick.*</c>, <c>brick-worker</c>) it may reference; any other it references breaks the rule.</summary>
    public IReadOnlyList<string> MayReference { get; init; } = [];

    /// <summary>Project assemblies it must reference (where something plugs in).</summary>
    public IReadOnlyList<string> MustReference { get; init; } = [];

    /// <summary>Packages it may not reference: a name, and every assembly whose name starts with it and a dot.</summary>
    public IReadOnlyList<string> MayNotReference { get; init; } = [];

    /// <summary>Its namespaces in order, each using only those before it, every namespace of its own listed; null: not ordered here.</summary>
    public IReadOnlyList<string>? Layers { get; init; }

    /// <summary>Pairs of its namespaces of which neither uses the other.</summary>
    public IReadOnlyList<(string One, string Other)> Apart { get; init; } = [];

    /// <summary>
    /// Referenced project assemblies of which it may use only part, by assembly name; an assembly not named here it may
    /// use as its compiler lets it.
    /// </summary>
    public IReadOnlyDictionary<string, Surface> Surfaces { get; init; } = new Dictionary<string, Surface>();

    /// <summary>The assembly's file: beside the tests, or for a helper, in its own project's build folder.</summary>
    public Mono.Cecil.AssemblyDefinition Read() => Helper ? TestAssemblies.Read(Assembly) : BrickAssemblies.Named(Assembly);

    public override string ToString() => Assembly;
}
