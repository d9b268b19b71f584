using Mono.Cecil;

namespace Brick.Architecture.Tests.Graph;

/// <summary>
/// Which namespace uses which, over some assemblies: an edge from A to B when a type of A uses a type of B (see
/// <see cref="TypeUses"/>), with the first such pair of types as its evidence.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly SortedDictionary<string, SortedDictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    /// <summary>Every namespace in scope that holds a type of the assemblies or is used by one.</summary>
    public IReadOnlyCollection<string> Namespaces => _edges.Keys;

    /// <summary>Builds the graph of <paramref name="assemblies"/>, keeping only namespaces <paramref name="inScope"/> accepts.</summary>
    public static NamespaceGraph Of(IEnumerable<AssemblyDefinition> assemblies, Func<string, bool> inScope)
    {
        var graph = new NamespaceGraph();
        foreach (var type in assemblies.SelectMany(a => a.Modules).SelectMany(m => m.GetTypes()))
        {
            var from = TypeUses.NamespaceOf(type);
            if (!inScope(from))
                continue;
            var edges = graph.Node(from);
            foreach (var used in TypeUses.Of(type))
            {
                var to = TypeUses.NamespaceOf(used);
                if (to != from && inScope(to))
                    edges.TryAdd(to, $"{TypeUses.Outermost(type).FullName} uses {TypeUses.Outermost(used).FullName}");
            }
        }

        foreach (var target in graph._edges.Values.SelectMany(e => e.Keys).ToList())
            graph.Node(target);
        return graph;
    }

    /// <summary>The namespaces <paramref name="ns"/> uses.</summary>
    public IEnumerable<string> Uses(string ns) => _edges.TryGetValue(ns, out var edges) ? edges.Keys : [];

    /// <summary>One pair of types behind the edge from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public string Evidence(string from, string to) => _edges[from][to];

    /// <summary>An edge as "A → B: why", for failure messages.</summary>
    public string Describe(string from, string to) => $"{from} → {to}: {Evidence(from, to)}";

    private SortedDictionary<string, string> Node(string ns)
    {
        if (!_edges.TryGetValue(ns, out var edges))
            _edges[ns] = edges = new SortedDictionary<string, string>(StringComparer.Ordinal);
        return edges;
    }
}
