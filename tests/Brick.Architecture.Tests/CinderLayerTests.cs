namespace Brick.Architecture.Tests;

/// <summary>
/// cinder-bridge's library (Brick.Cinder) in the order a notification meets it: reading Cinder's notification, planning
/// the requests, the buses, the composition. Nothing else in the project uses it but the executable.
/// </summary>
public sealed class CinderLayerTests
{
    private const string Cinder = "Brick.Cinder";

    private static readonly string[] Layers =
    [
        "Brick.Cinder.Notifications",
        "Brick.Cinder.Bridging",
        "Brick.Cinder.Messaging",
        "Brick.Cinder.Hosting",
    ];

    [Fact]
    public void Every_cinder_namespace_has_its_layer()
    {
        var cinder = BrickAssemblies.Graph().Namespaces.Where(ns => ns == Cinder || ns.StartsWith(Cinder + ".", StringComparison.Ordinal));

        Assert.Empty(cinder.Except(Layers));
    }

    [Fact]
    public void Each_cinder_namespace_uses_only_the_layers_before_it()
    {
        var graph = BrickAssemblies.Graph();

        var backwards = Layers
            .SelectMany((from, i) => graph.Uses(from).Where(to => Array.IndexOf(Layers, to) > i).Select(to => graph.Describe(from, to)))
            .ToList();

        Assert.True(backwards.Count == 0, "Against the layers:" + Environment.NewLine + string.Join(Environment.NewLine, backwards));
    }

    [Fact]
    public void Cinder_does_not_reference_the_simulated_host_virt_or_the_executable() =>
        Assert.DoesNotContain(BrickAssemblies.Named(Cinder).MainModule.AssemblyReferences, r => r.Name is "Brick.Simulation" or "Brick.Virt" or "brick-worker");

    [Fact]
    public void Nothing_below_the_executable_uses_cinder()
    {
        var graph = BrickAssemblies.Graph();

        var upward = graph.Namespaces
            .Where(ns => !ns.StartsWith(Cinder, StringComparison.Ordinal) && !ns.StartsWith("Brick.Worker", StringComparison.Ordinal))
            .SelectMany(ns => graph.Uses(ns).Where(to => to.StartsWith(Cinder, StringComparison.Ordinal)).Select(to => graph.Describe(ns, to)))
            .ToList();

        Assert.True(upward.Count == 0, string.Join(Environment.NewLine, upward));
    }
}
