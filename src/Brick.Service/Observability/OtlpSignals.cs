using Microsoft.Extensions.Configuration;

namespace Brick.Service.Observability;

/// <summary>
/// Which signals go out over OTLP: those with an endpoint, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> for both, or
/// <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c> / <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> for one. Without any, nothing
/// is pushed anywhere (the OTLP exporter's own default, <c>localhost:4317</c>, is never tried).
/// </summary>
/// <param name="Metrics">Whether metrics are pushed.</param>
/// <param name="Traces">Whether spans are recorded and pushed.</param>
public sealed record OtlpSignals(bool Metrics, bool Traces)
{
    /// <summary>The standard variable for both signals.</summary>
    public const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The signals <paramref name="configuration"/> (the environment among its sources) gives an endpoint.</summary>
    public static OtlpSignals From(IConfiguration configuration)
    {
        var both = Given(configuration, Endpoint);
        return new OtlpSignals(both || Given(configuration, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"),
            both || Given(configuration, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    }

    private static bool Given(IConfiguration configuration, string key) => !string.IsNullOrWhiteSpace(configuration[key]);
}
