namespace Brick.Architecture.Tests;

/// <summary>
/// The simulated host's library (Brick.Simulation) in the order its parts build on each other: the tree's files, the
/// devices, multipathd's script, the stand-in guest, the host (its tree, kernel and programs, which use each other),
/// the script, the array that serves it, its own settings, the registration. It builds on the engine alone, and the
/// rest of the project sees only its public surface: no source assembly is given its internals, and none uses
/// its settings, its script or its files.
/// </summary>
public sealed class SimulationLayerTests
{
    private const string Simulation = "Brick.Simulation";

    private static readonly string[] Layers =
    [
        "Brick.Simulation.Files",
        "Brick.Simulation.Devices",
        "Brick.Simulation.Multipathd",
        "Brick.Simulation.Guests",
        "Brick.Simulation.Hosts",
        "Brick.Simulation.Scripting",
        "Brick.Simulation.Storage",
        "Brick.Simulation.Settings",
        "Brick.Simulation.Composition",
    ];

    /// <summary>Its parts that only it knows: the others reach them through <c>AddSimulatedHostFromSettings</c> and <c>SettingsProblems</c>.</summary>
    private static readonly string[] Insides = ["Brick.Simulation.Files", "Brick.Simulation.Scripting", "Brick.Simulation.Settings"];

    [Fact]
    public void Every_simulation_namespace_has_its_layer()
    {
        var simulation = BrickAssemblies.Graph().Namespaces.Where(ns => ns == Simulation || ns.StartsWith(Simulation + ".", StringComparison.Ordinal));

        Assert.Empty(simulation.Except(Layers));
    }

    [Fact]
    public void Each_simulation_namespace_uses_only_the_layers_before_it()
    {
        var graph = BrickAssemblies.Graph();

        var backwards = Layers
            .SelectMany((from, i) => graph.Uses(from).Where(to => Array.IndexOf(Layers, to) > i).Select(to => graph.Describe(from, to)))
            .ToList();

        Assert.True(backwards.Count == 0, "Against the layers:" + Environment.NewLine + string.Join(Environment.NewLine, backwards));
    }

    [Fact]
    public void It_references_the_engine_and_the_contracts_of_the_project_and_no_messaging()
    {
        var references = BrickAssemblies.Named(Simulation).MainModule.AssemblyReferences.Select(r => r.Name).ToList();

        Assert.Empty(references.Where(r => r.StartsWith("Brick.", StringComparison.Ordinal) || r == "brick-worker")
            .Except(["Brick.Engine", "Brick.Contracts"]));
        Assert.DoesNotContain(references, r => r.StartsWith("MassTransit", StringComparison.Ordinal) || r.StartsWith("RabbitMQ", StringComparison.Ordinal)
            || r.StartsWith("Serilog", StringComparison.Ordinal) || r.StartsWith("OpenTelemetry", StringComparison.Ordinal)
            || r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_tests_see_its_internals()
    {
        var friends = BrickAssemblies.Named(Simulation).CustomAttributes
            .Where(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.InternalsVisibleToAttribute")
            .Select(a => (string)a.ConstructorArguments[0].Value)
            .ToList();

        // Its own tests, the stand-in executables of other tests, and the Testcontainers module's tests (which bind the
        // module's environment to its settings as the worker does): no source assembly.
        Assert.Equal(["Brick.Simulation.StandIns", "Brick.Simulation.Tests", "Brick.Worker.Testcontainers.Tests"], friends.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Nothing_outside_it_uses_its_settings_its_script_or_its_files()
    {
        var graph = BrickAssemblies.Graph();

        var inside = graph.Namespaces
            .Where(ns => ns != Simulation && !ns.StartsWith(Simulation + ".", StringComparison.Ordinal))
            .SelectMany(ns => graph.Uses(ns).Where(to => Insides.Contains(to)).Select(to => graph.Describe(ns, to)))
            .ToList();

        Assert.True(inside.Count == 0, string.Join(Environment.NewLine, inside));
    }

    [Fact]
    public void Only_the_executable_of_the_source_assemblies_references_it()
    {
        var users = BrickAssemblies.All
            .Where(a => a.MainModule.AssemblyReferences.Any(r => r.Name == Simulation))
            .Select(a => a.Name.Name);

        Assert.Equal(["brick-worker"], users);
    }
}
