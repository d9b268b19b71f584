using Brick.Architecture.Tests.Graph;

namespace Brick.Architecture.Tests;

/// <summary>
/// The engine's namespaces in the order a request flows through them; each may use only those before it. Core (the
/// shared options, back-off, failure type and step set), Kernel and Programs are the bases everything else stands on.
/// </summary>
public sealed class EngineLayerTests
{
    private const string Engine = "Brick.Engine";

    private static readonly string[] Flow =
    [
        "Brick.Engine.Core",
        "Brick.Engine.Kernel",
        "Brick.Engine.Programs",
        "Brick.Engine.Multipath",
        "Brick.Engine.Requests",
        "Brick.Engine.Discovery",
        "Brick.Engine.Rescan",
        "Brick.Engine.Resize",
        "Brick.Engine.Verify",
        "Brick.Engine.Outcomes",
        "Brick.Engine.Operations",
        "Brick.Engine.Telemetry",
    ];

    [Theory]
    [InlineData("MassTransit")]
    [InlineData("RabbitMQ")]
    [InlineData("Microsoft.Extensions.Hosting")]
    [InlineData("Brick.Simulation")]
    [InlineData("Brick.Worker")]
    public void The_engine_references_no_messaging_hosting_simulation_or_worker_assembly(string forbidden)
    {
        var references = BrickAssemblies.Named(Engine).MainModule.AssemblyReferences.Select(r => r.Name);

        Assert.DoesNotContain(references, r => r == forbidden || r.StartsWith(forbidden + ".", StringComparison.Ordinal));
    }

    [Fact]
    public void The_engine_core_uses_nothing_else_in_the_engine()
    {
        var graph = BrickAssemblies.Graph();

        var inward = graph.Uses(Flow[0]).Where(ns => ns.StartsWith(Engine + ".", StringComparison.Ordinal));

        Assert.True(!inward.Any(), string.Join(Environment.NewLine, inward.Select(ns => graph.Describe(Flow[0], ns))));
    }

    [Fact]
    public void Every_engine_namespace_has_its_place_in_the_flow()
    {
        var engine = BrickAssemblies.Graph().Namespaces.Where(ns => ns == Engine || ns.StartsWith(Engine + ".", StringComparison.Ordinal));

        Assert.Empty(engine.Except(Flow));
    }

    [Fact]
    public void Each_engine_namespace_uses_only_namespaces_before_it_in_the_flow()
    {
        var graph = BrickAssemblies.Graph();

        var backwards = Flow
            .SelectMany((from, i) => graph.Uses(from).Where(to => Array.IndexOf(Flow, to) > i).Select(to => graph.Describe(from, to)))
            .ToList();

        Assert.True(backwards.Count == 0, "Against the flow:" + Environment.NewLine + string.Join(Environment.NewLine, backwards));
    }
}
