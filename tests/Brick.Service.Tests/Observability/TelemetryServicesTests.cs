using Brick.Service.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Brick.Service.Tests.Observability;

/// <summary>
/// The OpenTelemetry SDK is there only where something reads it: <c>run</c> without <c>--http</c> and without an OTLP
/// endpoint has no meter provider (it aggregated every measurement for no reader and kept the SDK's self-diagnostics
/// loop, a file look every 10 s, in an idle process). Only the registrations are inspected; no provider is built.
/// </summary>
[Collection(ProcessWideState.Name)]
public sealed class TelemetryServicesTests
{
    [Fact]
    public void Without_an_http_endpoint_or_an_otlp_endpoint_no_meter_or_tracer_provider_is_registered()
    {
        var services = Registered(new Dictionary<string, string?> { ["Brick:Host"] = "compute-07" });

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(MeterProvider) || d.ServiceType == typeof(TracerProvider));
    }

    [Fact]
    public void With_an_http_endpoint_the_meter_provider_is_there_for_metrics()
    {
        var services = Registered(new Dictionary<string, string?> { ["Brick:Http"] = "127.0.0.1:9464" });

        Assert.Contains(services, d => d.ServiceType == typeof(MeterProvider));
    }

    [Fact]
    public void With_an_otlp_endpoint_and_no_http_endpoint_the_meter_and_tracer_providers_are_there_to_push()
    {
        var services = Registered(new Dictionary<string, string?> { [OtlpSignals.Endpoint] = "http://127.0.0.1:4317" });

        Assert.Contains(services, d => d.ServiceType == typeof(MeterProvider));
        Assert.Contains(services, d => d.ServiceType == typeof(TracerProvider));
    }

    private static ServiceCollection Registered(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddWorkerTelemetry(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
