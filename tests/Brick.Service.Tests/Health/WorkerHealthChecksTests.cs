using Brick.Service.Health;
using Brick.Service.Composition;
using Brick.Service.Messaging;
using Brick.Simulation.Composition;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Brick.Service.Tests.Health;

/// <summary>The service's composition registers the readiness checks, each tagged "ready", and reports the bus once.</summary>
public sealed class WorkerHealthChecksTests
{
    [Fact]
    public void The_service_registers_its_four_readiness_checks()
    {
        using var app = ConsumerApplication.Build(new Dictionary<string, string?> { ["Brick:Host"] = "compute-07", ["Brick:Simulate"] = "true" }, services => services.AddExtendService(),
            builder => builder.Services.AddSimulatedHost());

        var registrations = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Equal(["binding", "bus", "multipathd", "roots"],
            registrations.Where(r => r.Tags.Contains(HealthTags.Ready)).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(registrations.Where(r => r.Tags.Contains(HealthTags.Ready)), r => Assert.True(r.Timeout > TimeSpan.Zero && r.Timeout != Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void MassTransit_s_own_bus_check_is_not_a_readiness_check_of_its_own()
    {
        using var app = ConsumerApplication.Build(new Dictionary<string, string?> { ["Brick:Host"] = "compute-07", ["Brick:Simulate"] = "true" }, services => services.AddExtendService(),
            builder => builder.Services.AddSimulatedHost());

        var registrations = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Contains(registrations, r => r.Name == "masstransit-bus");
        Assert.DoesNotContain(registrations, r => r.Name == "masstransit-bus" && r.Tags.Contains(HealthTags.Ready));
    }

    [Fact]
    public async Task The_bus_check_is_healthy_once_the_endpoint_consumes_and_unhealthy_once_it_stopped()
    {
        var services = new ServiceCollection().AddExtendServiceCore();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Brick:Host"] = "compute-07", ["Brick:Simulate"] = "true" }).Build());
        services.AddLogging();
        services.AddExtendBusInMemory();
        services.AddSimulatedHost();
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        var check = new BusConsumingCheck(bus, new BusStartFailure());

        var before = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        await bus.StartAsync(TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy && DateTime.UtcNow < deadline)
            await Task.Delay(50, TestContext.Current.CancellationToken);
        var started = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        await bus.StopAsync(TestContext.Current.CancellationToken);
        var stopped = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal(HealthStatus.Healthy, started.Status);
        Assert.StartsWith("bus connected, consuming (brick-worker.compute-07", started.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
    }

    [Fact]
    public async Task The_bus_check_of_a_bus_that_could_not_start_says_why_without_credentials()
    {
        var failure = new BusStartFailure();
        failure.Record("ACCESS_REFUSED - Login was refused (amqp://worker7:s3cr3t-pw@broker:5672/)");
        var check = new BusConsumingCheck(Bus.Factory.CreateUsingInMemory(_ => { }), failure);

        var result = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("bus could not start, the worker stops: ACCESS_REFUSED - Login was refused", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("worker7", result.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-pw", result.Description, StringComparison.Ordinal);
    }
}
