using System.Text.RegularExpressions;
using Brick.Testing;

namespace Brick.Architecture.Tests;

/// <summary>
/// xunit runs a project's test classes in parallel in one process. A test that changes or reads what the whole process
/// shares (activity listeners, the console, environment variables, the current directory, the exporter that reads
/// every meter) sees the other tests beside it, and they see it: such a test runs in a collection without parallelism
/// (<c>[CollectionDefinition(…, DisableParallelization = true)]</c>, run alone after the parallel ones). This reads
/// the test sources and names every file that touches such state from a class outside one.
/// </summary>
public sealed partial class ProcessWideStateTests
{
    /// <summary>The calls that touch what the process shares, each with what it touches.</summary>
    private static readonly (Regex Pattern, string What)[] ProcessWide =
    [
        (new(@"ActivitySource\.AddActivityListener\(", RegexOptions.Compiled), "adds a process-wide activity listener"),
        (new(@"Console\.Set(Out|Error|In)\(", RegexOptions.Compiled), "replaces the process's console"),
        (new(@"Environment\.SetEnvironmentVariable\(", RegexOptions.Compiled), "sets a process environment variable"),
        (new(@"Directory\.SetCurrentDirectory\(|Environment\.CurrentDirectory\s*=", RegexOptions.Compiled), "changes the current directory"),
        (new(@"\.AddWorkerHttp\(|\.AddWorkerTelemetry\(|\.AddPrometheus", RegexOptions.Compiled), "exports every Brick.Worker meter of the process"),
    ];

    /// <summary>Files that may touch process-wide state from anywhere, and why that is safe.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["tests/Brick.Worker.IntegrationTests/RabbitContainers.cs"] =
            "sets TESTCONTAINERS_RYUK_DISABLED=true in its static constructor: the same value every time, read only by Testcontainers",
        ["examples/ControlPlane.Tests/ContainersFixture.cs"] =
            "sets TESTCONTAINERS_RYUK_DISABLED=true in its static constructor: the same value every time, read only by Testcontainers",
        ["tests/Brick.Worker.IntegrationTests/DockerDaemon.cs"] =
            "pins DOCKER_API_VERSION to the daemon's own version once: the same value every time, read only by Testcontainers",
    };

    [Fact]
    public void Every_test_that_touches_process_wide_state_runs_in_a_collection_without_parallelism()
    {
        var offenders = new List<string>();
        foreach (var project in TestProjects())
        {
            var files = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                            && !f.Contains($"{System.IO.Path.DirectorySeparatorChar}bin{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .ToDictionary(f => f, File.ReadAllText);
            var serial = files.Values
                .SelectMany(text => SerialCollection().Matches(text))
                .SelectMany(m => new[] { m.Groups["name"].Value.Trim(), $"{m.Groups["class"].Value}.{m.Groups["name"].Value.Trim()}" })
                .ToHashSet(StringComparer.Ordinal);
            foreach (var (file, text) in files)
            {
                var relative = System.IO.Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/');
                if (Allowed.ContainsKey(relative) || SerialCollection().IsMatch(text))
                    continue;
                var inSerial = CollectionUse().Matches(text).Any(m => serial.Contains(m.Groups["name"].Value.Trim()));
                foreach (var (pattern, what) in ProcessWide.Where(p => p.Pattern.IsMatch(text)))
                {
                    if (!inSerial)
                        offenders.Add($"{relative} {what}, outside a collection without parallelism");
                }
            }
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void The_check_finds_a_listener_added_outside_a_serial_collection()
    {
        const string Source = """
            public sealed class SpanTests { void Listen() => ActivitySource.AddActivityListener(new ActivityListener()); }
            """;

        Assert.Contains(ProcessWide, p => p.Pattern.IsMatch(Source));
        Assert.Empty(CollectionUse().Matches(Source));
    }

    /// <summary>Every test project's folder (tests/ and examples/), benchmarks aside: they run alone, one part at a time.</summary>
    private static IEnumerable<string> TestProjects() =>
        new[] { "tests", "examples" }
            .Select(RepositoryRoot.Of)
            .SelectMany(root => Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories))
            .Select(System.IO.Path.GetDirectoryName)
            .OfType<string>()
            .Where(dir => !dir.EndsWith("Brick.Benchmarks", StringComparison.Ordinal) && !dir.EndsWith("Brick.Architecture.Tests", StringComparison.Ordinal));

    /// <summary>A collection definition without parallelism, keyed by a constant or a literal name.</summary>
    [GeneratedRegex(@"\[CollectionDefinition\((?<name>[^,\)]+),\s*DisableParallelization\s*=\s*true\)\]\s*(public\s+)?(sealed\s+)?(static\s+)?class\s+(?<class>\w+)")]
    private static partial Regex SerialCollection();

    /// <summary>A class's <c>[Collection(NAME)]</c>.</summary>
    [GeneratedRegex(@"\[Collection\((?<name>[^\)]+)\)\]")]
    private static partial Regex CollectionUse();
}
