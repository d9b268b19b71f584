using Brick.Service.Health;
using Brick.Service.Composition;
using Brick.Service.Http;
using Brick.Service.Settings;
using Brick.Simulation.Composition;
using Brick.Simulation.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Brick.Service.Tests.Health;

/// <summary>
/// <c>/readyz</c> answers whoever reaches it: the checks that start a program as root or declare on the broker run at
/// most once per <c>ReadinessInterval</c>, and nothing it serves names the broker's user.
/// </summary>
public sealed class ReadinessCostTests
{
    /// <summary>A clock that moves only when told (the rest of <see cref="TimeProvider"/> is the system's).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    [Fact]
    public async Task Readyz_asked_many_times_at_once_starts_multipathd_once_per_interval()
    {
        var clock = new ManualClock();
        using var app = ConsumerApplication.Build(new Dictionary<string, string?> { ["Brick:Host"] = "compute-07", ["Brick:Simulate"] = "true" }, services => services.AddExtendService(),
            builder =>
            {
                builder.Services.AddSimulatedHost();
                builder.Services.AddSingleton<TimeProvider>(clock);
            });
        var host = app.Services.GetRequiredService<SimulatedArray>().Host;
        var health = app.Services.GetRequiredService<HealthCheckService>();
        int MultipathdRuns() => host.ProgramCalls.Count(c => c.Program == "multipathd");
        Task Ask() => health.CheckHealthAsync(r => r.Tags.Contains(HealthTags.Ready) && r.Name == "multipathd", TestContext.Current.CancellationToken);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Ask()));
        var withinOneInterval = MultipathdRuns();
        clock.Advance(new HttpSettings().ReadinessInterval);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Ask()));

        Assert.Equal(1, withinOneInterval);
        Assert.Equal(2, MultipathdRuns());
    }

    [Fact]
    public void A_broker_refusal_served_by_the_binding_check_names_no_user()
    {
        const string refusal = "The broker amqp://rabbit-1:5672/%2F refused user 'compute-07-worker': ACCESS_REFUSED - access to exchange "
            + "'brick.volume-extended' in vhost '/' refused for user 'compute-07-worker'";

        var served = BindingCheck.Unhealthy(refusal, "compute-07-worker");

        Assert.DoesNotContain("compute-07-worker", served, StringComparison.Ordinal);
        Assert.Contains("ACCESS_REFUSED - access to exchange 'brick.volume-extended'", served, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_description_readyz_serves_is_scrubbed()
    {
        var report = new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            ["bus"] = new(HealthStatus.Unhealthy, "RabbitMQ Connect Failed: worker7@rabbit-1:5672/ (amqp://worker7:pw-123456@rabbit-1:5672/)", TimeSpan.Zero, null, null),
            ["binding"] = new(HealthStatus.Unhealthy, "ACCESS_REFUSED - access to exchange 'x' in vhost '/' refused for user 'worker7'", TimeSpan.Zero, null, null),
        }, TimeSpan.Zero);

        var body = System.Text.Encoding.UTF8.GetString(HealthJson.Write(report));

        Assert.DoesNotContain("worker7", body, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-123456", body, StringComparison.Ordinal);
    }
}
