using Brick.Engine.Programs;
using Brick.Service.Health;
using Brick.Simulation.Hosts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Service.Tests.Health;

/// <summary>multipathd's readiness: <c>multipathd show daemon</c> answers, and it counts where the host has multipath maps.</summary>
public sealed class MultipathdCheckTests
{
    private static Task<HealthCheckResult> CheckAsync(SimulatedHost host, ICommandRunner runner) =>
        new MultipathdCheck(runner, SimulatedHost.Commands, host.Roots).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_daemon_that_answers_is_healthy_and_asked_with_a_time_limit()
    {
        await using var host = SimulatedHost.Create();
        host.AddIscsiVolume(1L << 30);
        var runner = host.CreateCommandRunner();

        var result = await CheckAsync(host, runner);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal($"multipathd answers: pid {Environment.ProcessId} idle", result.Description);
        var call = Assert.Single(runner.Calls);
        Assert.Equal(["show", "daemon"], call.Arguments);
        Assert.Equal(MultipathdCheck.Timeout, call.Timeout);
    }

    [Fact]
    public async Task A_daemon_that_does_not_answer_on_a_host_with_maps_is_unhealthy()
    {
        await using var host = SimulatedHost.Create();
        host.AddIscsiVolume(1L << 30);

        var result = await CheckAsync(host, new Answering(new CommandResult(1, "", "error -104 receiving packet\n", TimeSpan.Zero)));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("multipathd show daemon exited 1: error -104 receiving packet (1 multipath map(s) on this host)", result.Description);
    }

    [Fact]
    public async Task A_daemon_that_times_out_on_a_host_with_maps_is_unhealthy()
    {
        await using var host = SimulatedHost.Create();
        host.AddIscsiVolume(1L << 30);

        var result = await CheckAsync(host, new Answering(new CommandResult(-1, "", "", MultipathdCheck.Timeout, TimedOut: true)));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("multipathd show daemon timed out", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_multipath_maps_a_silent_daemon_is_only_degraded()
    {
        await using var host = SimulatedHost.Create();
        host.AddLoopVolume(1L << 30);
        host.AddIscsiVolume(1L << 30, multipath: false);

        var result = await CheckAsync(host, new Answering(new CommandResult(1, "", "can't connect\n", TimeSpan.Zero)));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.EndsWith("(no multipath maps on this host, so not needed yet)", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_that_is_not_the_daemon_s_is_not_an_answer()
    {
        await using var host = SimulatedHost.Create();
        host.AddIscsiVolume(1L << 30);

        var result = await CheckAsync(host, new Answering(new CommandResult(0, "fail\n", "", TimeSpan.Zero)));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    private sealed class Answering(CommandResult result) : ICommandRunner
    {
        public Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken) => Task.FromResult(result);
    }
}
