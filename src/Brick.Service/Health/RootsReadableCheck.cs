using Brick.Engine.Kernel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Service.Health;

/// <summary>The engine's roots (<c>SysRoot</c>, <c>DevRoot</c>) can be listed: without them no device is found.</summary>
internal sealed class RootsReadableCheck(KernelRoots roots) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new[] { ("SysRoot", roots.SysRoot, "block"), ("DevRoot", roots.DevRoot, "") }
            .Select(root => Problem(root.Item1, root.Item2, root.Item3))
            .OfType<string>()
            .ToList();
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"{roots.SysRoot} and {roots.DevRoot} readable")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems)));
    }

    /// <summary>Why <paramref name="root"/> (and its <paramref name="within"/>, which the engine lists) cannot be listed, or null.</summary>
    private static string? Problem(string setting, string root, string within)
    {
        var path = within.Length == 0 ? root : Path.Combine(root, within);
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(path).GetEnumerator();
            _ = entries.MoveNext();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{setting} {path} is not readable: {e.Message}";
        }
    }
}
