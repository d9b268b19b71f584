namespace Brick.Architecture.Tests;

/// <summary>
/// blockresize's library (Brick.Virt) in the order an outcome meets it: guests and device identity, the two
/// hypervisor backends (neither uses the other), the resizer, the messaging, the composition. It builds on the service
/// (settings, inbound reader, broker) and never on the simulated host or the command line.
/// </summary>
public sealed class VirtLayerTests
{
    private const string Virt = "Brick.Virt";

    private static readonly string[] Layers =
    [
        "Brick.Virt.Guests",
        "Brick.Virt.Qmp",
        "Brick.Virt.Libvirt",
        "Brick.Virt.Resizing",
        "Brick.Virt.Messaging",
        "Brick.Virt.Hosting",
    ];

    [Fact]
    public void Every_virt_namespace_has_its_layer()
    {
        var virt = BrickAssemblies.Graph().Namespaces.Where(ns => ns == Virt || ns.StartsWith(Virt + ".", StringComparison.Ordinal));

        Assert.Empty(virt.Except(Layers));
    }

    [Fact]
    public void Each_virt_namespace_uses_only_the_layers_before_it()
    {
        var graph = BrickAssemblies.Graph();

        var backwards = Layers
            .SelectMany((from, i) => graph.Uses(from).Where(to => Array.IndexOf(Layers, to) > i).Select(to => graph.Describe(from, to)))
            .ToList();

        Assert.True(backwards.Count == 0, "Against the layers:" + Environment.NewLine + string.Join(Environment.NewLine, backwards));
    }

    [Fact]
    public void The_two_backends_do_not_use_each_other()
    {
        var graph = BrickAssemblies.Graph();

        Assert.DoesNotContain("Brick.Virt.Qmp", graph.Uses("Brick.Virt.Libvirt"));
        Assert.DoesNotContain("Brick.Virt.Libvirt", graph.Uses("Brick.Virt.Qmp"));
    }

    [Fact]
    public void Virt_does_not_reference_the_simulated_host_or_the_executable() =>
        Assert.DoesNotContain(BrickAssemblies.Named(Virt).MainModule.AssemblyReferences, r => r.Name is "Brick.Simulation" or "brick-worker");

    [Fact]
    public void The_service_and_the_engine_do_not_use_virt()
    {
        var graph = BrickAssemblies.Graph();

        var upward = graph.Namespaces
            .Where(ns => ns.StartsWith("Brick.Engine", StringComparison.Ordinal) || ns.StartsWith("Brick.Service", StringComparison.Ordinal))
            .SelectMany(ns => graph.Uses(ns).Where(to => to.StartsWith(Virt, StringComparison.Ordinal)).Select(to => graph.Describe(ns, to)))
            .ToList();

        Assert.True(upward.Count == 0, string.Join(Environment.NewLine, upward));
    }
}
