namespace Brick.Architecture.Tests.Graph;

/// <summary>Finds the cycles of a namespace graph: one per strongly connected group of namespaces, as a path that comes back to its start.</summary>
internal static class Cycles
{
    /// <summary>One cycle (first namespace repeated at the end) for each group of namespaces that reach one another.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> In(NamespaceGraph graph) =>
        [.. StronglyConnected(graph).Where(group => group.Count > 1).Select(group => ShortestCycle(graph, group))];

    /// <summary>A cycle and the types behind each of its edges, several lines.</summary>
    public static string Describe(NamespaceGraph graph, IReadOnlyList<string> cycle) =>
        "Namespace cycle: " + string.Join(" → ", cycle) + Environment.NewLine
        + string.Join(Environment.NewLine, cycle.Zip(cycle.Skip(1), (from, to) => "  " + graph.Describe(from, to)));

    /// <summary>Tarjan's algorithm.</summary>
    private static List<HashSet<string>> StronglyConnected(NamespaceGraph graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<HashSet<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.Uses(node))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] != index[node])
                return;
            var group = new HashSet<string>(StringComparer.Ordinal);
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                group.Add(member);
            }
            while (member != node);
            groups.Add(group);
        }

        foreach (var node in graph.Namespaces)
        {
            if (!index.ContainsKey(node))
                Visit(node);
        }

        return groups;
    }

    /// <summary>The shortest way from the group's first namespace back to itself, inside the group (breadth first).</summary>
    private static List<string> ShortestCycle(NamespaceGraph graph, HashSet<string> group)
    {
        var start = group.Order(StringComparer.Ordinal).First();
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in graph.Uses(node).Where(group.Contains))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var back = node; back != start; back = cameFrom[back])
                        path.Add(back);
                    path.Add(start);
                    path.Reverse();
                    return path;
                }

                if (cameFrom.TryAdd(next, node))
                    queue.Enqueue(next);
            }
        }

        throw new InvalidOperationException($"{start} is in a cycle but no way back to it was found.");
    }
}
