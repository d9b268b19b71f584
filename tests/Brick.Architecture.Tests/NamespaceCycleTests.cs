using Brick.Architecture.Tests.Graph;

namespace Brick.Architecture.Tests;

public sealed class NamespaceCycleTests
{
    private const string Fixture = "Brick.Architecture.Tests.Fixtures.BodyCycle";

    [Fact]
    public void No_namespace_of_the_Brick_assemblies_depends_on_itself_through_others()
    {
        var graph = BrickAssemblies.Graph();

        var cycles = Cycles.In(graph);

        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles.Select(c => Cycles.Describe(graph, c))));
    }

    [Fact]
    public void Every_listed_assembly_adds_namespaces_to_the_graph()
    {
        var namespaces = BrickAssemblies.Graph().Namespaces;

        Assert.All(BrickAssemblies.Names, name => Assert.Contains(namespaces, ns => ns.StartsWith(BrickAssemblies.RootNamespace(name), StringComparison.Ordinal)));
    }

    public static TheoryData<string> TestProjects { get; } = [.. TestAssemblies.Names];

    [Theory]
    [MemberData(nameof(TestProjects))]
    public void No_namespace_of_a_test_assembly_depends_on_itself_through_others(string assembly)
    {
        var graph = TestAssemblies.Graph(assembly);

        var cycles = Cycles.In(graph);

        Assert.NotEmpty(graph.Namespaces);
        Assert.True(cycles.Count == 0, string.Join(Environment.NewLine, cycles.Select(c => Cycles.Describe(graph, c))));
    }

    [Fact]
    public void Every_project_under_tests_is_checked_for_cycles()
    {
        var projects = Directory.GetDirectories(Brick.Testing.RepositoryRoot.Of("tests"))
            .Where(dir => File.Exists(Path.Combine(dir, Path.GetFileName(dir) + ".csproj")))
            .Select(Path.GetFileName);

        Assert.Equal(projects.Order(), TestAssemblies.Names.Order());
    }

    [Fact]
    public void A_cycle_closed_inside_a_method_body_is_found_and_named_with_the_types_behind_it()
    {
        var tests = BrickAssemblies.Read("Brick.Architecture.Tests");
        var graph = NamespaceGraph.Of([tests], ns => ns.StartsWith(Fixture, StringComparison.Ordinal));

        var cycle = Assert.Single(Cycles.In(graph));

        Assert.Equal([$"{Fixture}.Lower", $"{Fixture}.Upper", $"{Fixture}.Lower"], cycle);
        Assert.Equal($"{Fixture}.Lower.Gauge uses {Fixture}.Upper.Display", graph.Evidence($"{Fixture}.Lower", $"{Fixture}.Upper"));
        Assert.Contains($"Namespace cycle: {Fixture}.Lower → {Fixture}.Upper → {Fixture}.Lower", Cycles.Describe(graph, cycle));
    }
}
