using Brick.Architecture.Tests.Graph;
using Brick.Testing;
using Mono.Cecil;

namespace Brick.Architecture.Tests;

/// <summary>
/// The test projects' assemblies, read from each project's own build folder (the same configuration and framework as
/// this one's: <c>tests/NAME/bin/Debug/net10.0/NAME.dll</c>). They are test programs, not libraries, so they are not
/// copied beside these tests as <see cref="BrickAssemblies"/> are: Brick.Architecture.Tests.csproj references each
/// project without its output only so that it is built first.
/// </summary>
internal static class TestAssemblies
{
    /// <summary>Every project under <c>tests/</c>. A new one is added here and to Brick.Architecture.Tests.csproj.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "Brick.Architecture.Tests",
        "Brick.Benchmarks",
        "Brick.Chain.Tests",
        "Brick.Cinder.Tests",
        "Brick.Contracts.Tests",
        "Brick.Deploy.Tests",
        "Brick.Engine.Tests",
        "Brick.RealKernel.Tests",
        "Brick.Service.Tests",
        "Brick.Simulation.StandIns",
        "Brick.Simulation.Tests",
        "Brick.Testing",
        "Brick.Tools.Tests",
        "Brick.Virt.Tests",
        "Brick.Worker.IntegrationTests",
        "Brick.Worker.Testcontainers.Tests",
        "Brick.Worker.Tests",
    ];

    /// <summary>The namespace of this project's own cycle fixture, a cycle on purpose (<see cref="NamespaceCycleTests"/>).</summary>
    public const string Fixtures = "Brick.Architecture.Tests.Fixtures";

    /// <summary>The build folder of a project, relative to its own folder (<c>bin/Debug/net10.0</c>), as this project's is.</summary>
    private static string BuildFolder =>
        Path.GetRelativePath(RepositoryRoot.Of("tests", "Brick.Architecture.Tests"), AppContext.BaseDirectory);

    /// <summary>The assembly of the test project <paramref name="name"/>.</summary>
    public static AssemblyDefinition Read(string name)
    {
        var path = RepositoryRoot.Of("tests", name, BuildFolder, name + ".dll");
        return File.Exists(path)
            ? AssemblyDefinition.ReadAssembly(path)
            : throw new FileNotFoundException($"{name} is not built at {path}: build Brick.Architecture.Tests (it builds every test project first).", path);
    }

    /// <summary>The namespace graph of one test assembly: the project's namespaces, but for the fixture's.</summary>
    public static NamespaceGraph Graph(string name) =>
        NamespaceGraph.Of([Read(name)], ns => BrickAssemblies.IsBrick(ns) && !ns.StartsWith(Fixtures, StringComparison.Ordinal));
}
