using System.Text.Json;

namespace Brick.Worker.Tests.Runtime;

/// <summary>
/// The runtime settings <c>brick-worker</c> ships in its runtimeconfig (issue 19 point 5, docs/performance.md "What one
/// more host costs"): workstation GC without background GC, and no dynamic PGO.
/// </summary>
public sealed class RuntimeConfigTests
{
    private static JsonElement ConfigProperties()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "brick-worker.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void Brick_worker_runs_with_workstation_gc_without_background_gc_and_without_dynamic_pgo()
    {
        var properties = ConfigProperties();

        Assert.False(properties.TryGetProperty("System.GC.Server", out var server) && server.GetBoolean(), "server GC is on");
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
