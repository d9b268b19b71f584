using System.Reflection;
using Brick.Engine.Telemetry;
using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Brick.Service.Observability;

/// <summary>
/// OpenTelemetry for <c>brick-worker run</c>. Metrics: the worker's meter (<see cref="BrickMetrics.MeterName"/>),
/// MassTransit's and the .NET runtime's, read by the Prometheus exporter (served at <c>/metrics</c> by
/// <c>run --http</c>, collected only when scraped) and, where <see cref="OtlpSignals"/> says so, pushed over OTLP.
/// Traces: MassTransit's activity source and the engine's (<see cref="BrickTracing.SourceName"/>), over OTLP only, so
/// that no span is even created where none is exported. The standard <c>OTEL_*</c> variables are honoured (they are
/// in the configuration: the environment is one of its sources); <c>OTEL_SERVICE_NAME</c> defaults to
/// <see cref="ServiceName"/>.
/// </summary>
public static class TelemetryServices
{
    /// <summary>The service name the resource carries unless <c>OTEL_SERVICE_NAME</c> says another.</summary>
    public const string ServiceName = "brick-worker";

    /// <summary>MassTransit's meter and activity source (its <c>InstrumentationOptions.MeterName</c> and <c>DiagnosticHeaders.DefaultListenerName</c>).</summary>
    public const string MassTransit = "MassTransit";

    /// <summary>
    /// Adds the meter and tracer providers as <paramref name="configuration"/> asks; none when nothing would read them
    /// (no <c>Brick:Http</c> to serve <c>/metrics</c>, no OTLP endpoint): the SDK would aggregate every measurement
    /// for no reader and keep its self-diagnostics loop, which looks for a config file every 10 s, in an idle process.
    /// </summary>
    public static IServiceCollection AddWorkerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = OtlpSignals.From(configuration);
        if (string.IsNullOrWhiteSpace(configuration["Brick:Http"]) && !otlp.Metrics && !otlp.Traces)
            return services;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : ServiceName, serviceVersion: Version)
                .AddDetector(sp => new ComputeHostDetector(sp.GetRequiredService<IOptions<HostSettings>>().Value.Host)))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(BrickMetrics.MeterName, MassTransit).AddRuntimeInstrumentation().AddPrometheusExporter();
                if (otlp.Metrics)
                    metrics.AddOtlpExporter();
            });
        if (otlp.Traces)
            telemetry.WithTracing(tracing => tracing.AddSource(BrickTracing.SourceName, MassTransit).AddOtlpExporter());
        return services;
    }

    private static string Version =>
        typeof(TelemetryServices).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The compute host's name (<c>Brick:Host</c>) as the resource's <c>host.name</c>.</summary>
    private sealed class ComputeHostDetector(string host) : IResourceDetector
    {
        public Resource Detect() => new([new KeyValuePair<string, object>("host.name", host)]);
    }
}
