namespace Brick.Architecture.Tests;

/// <summary>
/// The service library's namespaces in the order a delivery meets them, each using only those before it, and the
/// production composition kept free of the simulated host (which plugs in from the executable).
/// </summary>
public sealed class ServiceLayerTests
{
    private const string Service = "Brick.Service";

    private static readonly string[] Layers =
    [
        "Brick.Service.Settings",
        "Brick.Service.Inbound",
        "Brick.Service.Messaging",
        "Brick.Service.Replay",
        "Brick.Service.Health",
        "Brick.Service.Logging",
        "Brick.Service.Observability",
        "Brick.Service.Http",
        "Brick.Service.Hosting",
    ];

    [Fact]
    public void The_production_composition_does_not_reference_the_simulated_host() =>
        Assert.DoesNotContain(BrickAssemblies.Named(Service).MainModule.AssemblyReferences, r => r.Name == "Brick.Simulation");

    [Fact]
    public void The_executable_is_where_the_simulated_host_plugs_in() =>
        Assert.Contains(BrickAssemblies.Named("brick-worker").MainModule.AssemblyReferences, r => r.Name == "Brick.Simulation");

    [Fact]
    public void Every_service_namespace_has_its_layer()
    {
        var service = BrickAssemblies.Graph().Namespaces.Where(ns => ns == Service || ns.StartsWith(Service + ".", StringComparison.Ordinal));

        Assert.Empty(service.Except(Layers));
    }

    [Fact]
    public void Each_service_namespace_uses_only_the_layers_before_it()
    {
        var graph = BrickAssemblies.Graph();

        var backwards = Layers
            .SelectMany((from, i) => graph.Uses(from).Where(to => Array.IndexOf(Layers, to) > i).Select(to => graph.Describe(from, to)))
            .ToList();

        Assert.True(backwards.Count == 0, "Against the layers:" + Environment.NewLine + string.Join(Environment.NewLine, backwards));
    }

    [Fact]
    public void The_engine_and_the_service_never_use_the_command_line()
    {
        var graph = BrickAssemblies.Graph();

        var upward = graph.Namespaces
            .Where(ns => ns.StartsWith("Brick.Engine", StringComparison.Ordinal) || ns.StartsWith(Service, StringComparison.Ordinal))
            .SelectMany(ns => graph.Uses(ns).Where(to => to.StartsWith("Brick.Worker", StringComparison.Ordinal)).Select(to => graph.Describe(ns, to)))
            .ToList();

        Assert.True(upward.Count == 0, string.Join(Environment.NewLine, upward));
    }
}
