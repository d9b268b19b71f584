using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Brick.Worker.Service;

/// <summary>
/// Serilog for the service: readable lines by default, compact JSON by option. Levels come from the <c>Serilog</c>
/// configuration section. A request's lines carry <c>VolumeId</c>, <c>Host</c>, <c>AttachmentId</c> and
/// <c>CorrelationId</c> as properties (shown at the end of a readable line).
/// </summary>
public static class LoggingSetup
{
    private const string HumanTemplate =
        "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{Request} <{SourceContext}>{NewLine}{Exception}";

    /// <summary>Builds the logger.</summary>
    public static Logger Create(IConfiguration configuration, LogFormat format)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext();
        return (format == LogFormat.Json
            ? logger.WriteTo.Console(new CompactJsonFormatter())
            : logger.Enrich.With<RequestEnricher>()
                .WriteTo.Console(outputTemplate: HumanTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture))
            .CreateLogger();
    }

    /// <summary>Adds <c>Request</c>: " [volume … host … attachment … correlation …]" where a request's properties are present.</summary>
    private sealed class RequestEnricher : ILogEventEnricher
    {
        private static readonly (string Property, string Label)[] Fields =
            [("VolumeId", "volume"), ("Host", "host"), ("AttachmentId", "attachment"), ("CorrelationId", "correlation")];

        public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
        {
            var parts = Fields
                .Where(f => logEvent.Properties.TryGetValue(f.Property, out var v) && v is ScalarValue { Value: not null })
                .Select(f => $"{f.Label}={((ScalarValue)logEvent.Properties[f.Property]).Value}")
                .ToList();
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("Request", parts.Count == 0 ? "" : $" [{string.Join(" ", parts)}]"));
        }
    }
}
