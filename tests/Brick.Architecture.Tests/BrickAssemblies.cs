using Brick.Architecture.Tests.Graph;
using Mono.Cecil;

namespace Brick.Architecture.Tests;

/// <summary>The project's assemblies the architecture rules read, from the files built beside the tests.</summary>
internal static class BrickAssemblies
{
    /// <summary>
    /// Every assembly whose namespaces must not form a cycle. To check another one, add its name here and a
    /// ProjectReference to its project in Brick.Architecture.Tests.csproj (so its file is built beside the tests).
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "Brick.Contracts",
        "Brick.Engine",
        "Brick.Simulation",
        "Brick.Service",
        "Brick.Virt",
        "Brick.Cinder",
        "Brick.Tools",
        "brick-worker",
        "Brick.Worker.Testcontainers",
    ];

    /// <summary>The namespace an assembly's types live under: its name, but for the executable (<c>brick-worker</c>: <c>Brick.Worker</c>).</summary>
    public static string RootNamespace(string assembly) => assembly == "brick-worker" ? "Brick.Worker" : assembly;

    private static readonly Lazy<IReadOnlyList<AssemblyDefinition>> Loaded = new(() => [.. Names.Select(Read)]);

    public static IReadOnlyList<AssemblyDefinition> All => Loaded.Value;

    public static AssemblyDefinition Named(string name) => All.Single(a => a.Name.Name == name);

    /// <summary>The namespace graph of every listed assembly, limited to the project's own namespaces.</summary>
    public static NamespaceGraph Graph() => NamespaceGraph.Of(All, IsBrick);

    public static bool IsBrick(string ns) => ns == "Brick" || ns.StartsWith("Brick.", StringComparison.Ordinal);

    public static AssemblyDefinition Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        return File.Exists(path)
            ? AssemblyDefinition.ReadAssembly(path)
            : throw new FileNotFoundException(
                $"{name}.dll is not beside the architecture tests: add a ProjectReference to its project in Brick.Architecture.Tests.csproj.", path);
    }
}
