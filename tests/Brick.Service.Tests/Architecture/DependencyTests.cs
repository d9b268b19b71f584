using System.Text.RegularExpressions;
using Brick.Service.Settings;

namespace Brick.Service.Tests.Architecture;

/// <summary>Brick.Service depends one way: never on the simulated host, and its namespaces never in a circle.</summary>
public sealed partial class DependencyTests
{
    [Fact]
    public void The_service_does_not_reference_the_simulated_host()
    {
        var references = typeof(WorkerSettings).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.DoesNotContain("Brick.Simulation", references);
    }

    [Fact]
    public void The_service_s_namespaces_use_each_other_one_way()
    {
        var uses = NamespaceUses();

        Assert.NotEmpty(uses);
        foreach (var start in uses.Keys)
        {
            var path = Cycle(uses, start, [start]);
            Assert.True(path is null, $"Namespaces in a circle: {string.Join(" -> ", path ?? [])}");
        }
    }

    /// <summary>Which Brick.Service namespaces each one's files use, read from their <c>using</c> directives and qualified names.</summary>
    private static Dictionary<string, HashSet<string>> NamespaceUses()
    {
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Source(), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var own = Namespace().Match(text).Groups[1].Value;
            var used = uses.TryGetValue(own, out var set) ? set : uses[own] = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match use in Used().Matches(text))
            {
                if (use.Groups[1].Value != own)
                    used.Add(use.Groups[1].Value);
            }
        }

        return uses;
    }

    private static List<string>? Cycle(Dictionary<string, HashSet<string>> uses, string at, List<string> path)
    {
        foreach (var next in uses.GetValueOrDefault(at) ?? [])
        {
            if (next == path[0])
                return [.. path, next];
            if (!path.Contains(next) && Cycle(uses, next, [.. path, next]) is { } cycle)
                return cycle;
        }

        return null;
    }

    [GeneratedRegex(@"^namespace (Brick\.Service(?:\.\w+)*);", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"\b(Brick\.Service\.\w+)\b")]
    private static partial Regex Used();

    private static string Source()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Brick.Service");
            if (Directory.Exists(candidate))
                return candidate;
        }

        throw new DirectoryNotFoundException("src/Brick.Service not found above " + AppContext.BaseDirectory);
    }
}
