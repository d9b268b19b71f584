using Brick.Engine.Kernel;
using Brick.Engine.Programs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Service.Health;

/// <summary>
/// <c>multipathd show daemon</c> answers within <see cref="Timeout"/>: resizing a multipath map goes through it.
/// It counts only where the host has multipath maps (a <c>dm-*</c> under <c>SysRoot/block</c> whose <c>dm/uuid</c> is
/// <c>mpath-…</c>): there a daemon that does not answer is <see cref="HealthStatus.Unhealthy"/>; on a host without
/// maps it is only <see cref="HealthStatus.Degraded"/> (said, but not keeping the worker from being ready). In the
/// service it runs at most once per <c>Brick:ReadinessInterval</c> (<paramref name="cache"/>); without a cache, every time.
/// </summary>
internal sealed class MultipathdCheck(ICommandRunner runner, ProgramPaths programs, KernelRoots roots, ReadinessCache? cache = null) : IHealthCheck
{
    /// <summary>How long <c>multipathd show daemon</c> may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        cache is null ? AskAsync(cancellationToken) : cache.GetAsync(AskAsync, cancellationToken);

    private async Task<HealthCheckResult> AskAsync(CancellationToken cancellationToken)
    {
        var maps = MultipathMaps();
        var failed = maps > 0 ? HealthStatus.Unhealthy : HealthStatus.Degraded;
        var where = maps > 0 ? $"{maps} multipath map(s) on this host" : "no multipath maps on this host, so not needed yet";
        CommandResult result;
        try
        {
            result = await runner.RunAsync(new CommandSpec(programs.Multipathd, ["show", "daemon"], Timeout), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failed, $"multipathd show daemon failed: {e.Message} ({where})");
        }

        var reply = result.StandardOutput.Trim();
        return result.Succeeded && reply.StartsWith("pid ", StringComparison.Ordinal)
            ? HealthCheckResult.Healthy($"multipathd answers: {reply.Split('\n')[0].Trim()}")
            : new HealthCheckResult(failed, $"multipathd show daemon {result.Describe()} ({where})");
    }

    private int MultipathMaps()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(Path.Combine(roots.SysRoot, "block"), "dm-*")
                .Select(dm => Path.Combine(dm, "dm", "uuid"))
                .Count(uuid => File.Exists(uuid) && File.ReadAllText(uuid).StartsWith("mpath-", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // the roots' own check names an unreadable SysRoot
        }
    }
}
