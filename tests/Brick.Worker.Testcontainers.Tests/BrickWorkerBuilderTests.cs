using Brick.Service.Settings;
using Brick.Simulation.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Worker.Testcontainers.Tests;

/// <summary>The builder spells every setting as the worker reads it: its environment variables bind to the worker's own settings model, unchanged.</summary>
public sealed class BrickWorkerBuilderTests
{
    /// <summary>The worker's settings as <c>brick-worker</c> binds and checks them from these environment variables.</summary>
    private static (HostSettings Host, BrokerSettings Broker, EndpointSettings Endpoint) AsWorkerReadsThem(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Where(e => e.Key.StartsWith("Brick__", StringComparison.Ordinal))
                .Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddWorkerSettings().BuildServiceProvider();
        return (services.GetRequiredService<IOptions<HostSettings>>().Value, services.GetRequiredService<IOptions<BrokerSettings>>().Value,
            services.GetRequiredService<IOptions<EndpointSettings>>().Value);
    }

    /// <summary>The simulated host's settings as <c>brick-worker run --simulate</c> binds and checks them (Brick.Simulation's own) from these environment variables.</summary>
    private static SimulationSettings SimulationAsWorkerReadsIt(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Where(e => e.Key.StartsWith("Brick__", StringComparison.Ordinal))
                .Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSimulationSettings().BuildServiceProvider();
        return services.GetRequiredService<IOptions<SimulationSettings>>().Value;
    }

    [Fact]
    public void Host_broker_output_volumes_and_rules_become_settings_the_worker_binds_and_accepts()
    {
        var builder = new BrickWorkerBuilder()
            .WithImage("brick/worker:test")
            .WithHost("compute-42")
            .WithBroker(new Uri("amqp://guest:guest@rabbit:5672/"))
            .WithOutput(BrickWorkerOutput.Raw)
            .WithSimulatedVolume("nvmeof", 4L << 30, paths: 3, multipath: true)
            .WithSimulatedVolume(new SimulatedVolume("iscsi", 1L << 30, Wwid: "36001405aabbccddeeff001122334455", Luks: true))
            .WithRule("vol-bad-*", SimulatedFaults.WwidMismatch)
            .WithRule(new SimulatedRule("vol-flaky-*", SimulatedFaults.MultipathResizeFailed, Times: 2, DelaySeconds: 0.5, Multipathd: "timeout"))
            .WithRule(new SimulatedRule(Request: 3, Fail: SimulatedFaults.RescanTimeout))
            .WithSetting("RetryLimit", "0");

        var settings = AsWorkerReadsThem(builder.Environment);

        Assert.Equal(("compute-42", "amqp://guest:guest@rabbit:5672/", OutputFormat.Raw, 0), (settings.Host.Host, settings.Broker.Broker, settings.Endpoint.Output, settings.Endpoint.RetryLimit));
        var simulation = SimulationAsWorkerReadsIt(builder.Environment);
        Assert.Equal(["nvmeof", "iscsi"], simulation.Volumes.Select(v => v.Type));
        Assert.Equal((3, 4L << 30), (simulation.Volumes[0].Paths, simulation.Volumes[0].SizeBytes));
        Assert.True(simulation.Volumes[1].Luks);
        Assert.Equal("36001405aabbccddeeff001122334455", simulation.Volumes[1].Wwid);
        Assert.Equal(["vol-bad-*", "vol-flaky-*", "*"], simulation.Rules.Select(r => r.Volume));
        Assert.Equal(Brick.Contracts.ResizeFailureReason.WwidMismatch, simulation.Rules[0].Fail);
        Assert.Equal((2, 0.5, "timeout"), (simulation.Rules[1].Times, simulation.Rules[1].DelaySeconds, simulation.Rules[1].Multipathd));
        Assert.Equal(3, simulation.Rules[2].Request);
    }

    [Fact]
    public void The_worker_runs_the_simulated_host_for_its_default_host_and_waits_for_nothing_else_to_be_said()
    {
        var builder = new BrickWorkerBuilder();

        Assert.Equal(["run", "--simulate"], builder.Command);
        Assert.Equal(BrickWorkerBuilder.DefaultHost, builder.Environment["Brick__Host"]);
        Assert.Equal("false", builder.Environment["MASSTRANSIT_USAGE_TELEMETRY"]);
        Assert.Equal("compute-9", builder.WithHost("compute-9").Environment["Brick__Host"]);
    }

    [Fact]
    public void Every_fault_the_module_names_is_one_the_worker_accepts()
    {
        var faults = typeof(SimulatedFaults).GetFields().Select(f => (string)f.GetRawConstantValue()!).ToList();
        var builder = faults.Aggregate(new BrickWorkerBuilder().WithBroker(new Uri("amqp://rabbit/")), (b, fault) => b.WithRule("*", fault));

        _ = AsWorkerReadsThem(builder.Environment);
        var simulation = SimulationAsWorkerReadsIt(builder.Environment);

        Assert.Equal(faults, simulation.Rules.Select(r => r.Fail.ToString()));
    }
}
