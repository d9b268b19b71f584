using Brick.Engine.Kernel;
using Brick.Service.Health;
using Brick.Simulation.Hosts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Service.Tests.Health;

/// <summary>The roots' readiness: SysRoot (and its block/) and DevRoot can be listed.</summary>
public sealed class RootsReadableCheckTests
{
    [Fact]
    public async Task A_simulated_host_s_roots_are_readable()
    {
        await using var host = SimulatedHost.Create();
        host.AddLoopVolume(1L << 30);

        var result = await new RootsReadableCheck(host.Roots).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal($"{host.Roots.SysRoot} and {host.Roots.DevRoot} readable", result.Description);
    }

    [Fact]
    public async Task A_root_that_is_gone_is_named_with_its_setting()
    {
        await using var host = SimulatedHost.Create();
        host.AddLoopVolume(1L << 30);
        var roots = new KernelRoots(host.Roots.SysRoot, Path.Combine(host.Directory, "no-dev"));

        var result = await new RootsReadableCheck(roots).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith($"DevRoot {roots.DevRoot} is not readable: ", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sys_root_without_block_is_not_a_sysfs()
    {
        var empty = Directory.CreateTempSubdirectory("brick-roots.");
        try
        {
            var result = await new RootsReadableCheck(new KernelRoots(empty.FullName, empty.FullName))
                .CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.StartsWith($"SysRoot {Path.Combine(empty.FullName, "block")} is not readable", result.Description, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
