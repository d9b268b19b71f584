using System.Globalization;
using Brick.Engine.Requests;
using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Systemd;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Brick.Service.Logging;

/// <summary>
/// Serilog for every command: readable lines by default, compact JSON by setting. Levels come from the <c>Serilog</c>
/// configuration section over the defaults below. A request's lines carry the properties of
/// <see cref="RequestLogScope"/> (shown at the end of a readable line); an expected failure is one line
/// (<see cref="OneLineFailures"/>); no line carries a credential (<see cref="ScrubbedSecrets"/>).
/// </summary>
internal static class LoggingSetup
{
    private const string HumanTemplate =
        "{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:lj}{Request} <{SourceContext}>{NewLine}{Exception}";

    /// <summary>Builds the logger; <paramref name="toStandardError"/> keeps stdout for a command's result.</summary>
    public static Logger Create(IConfiguration configuration, LogFormat format, bool toStandardError = false) =>
        Configure(new LoggerConfiguration(), configuration, format, toStandardError).CreateLogger();

    /// <summary>Configures <paramref name="logger"/> (for hosts that create it themselves).</summary>
    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration, LogFormat format, bool toStandardError = false)
    {
        logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext();
        if (format == LogFormat.Human)
            logger.Enrich.With<RequestEnricher>();

        var stderrFrom = toStandardError ? LogEventLevel.Verbose : (LogEventLevel?)null;
        return logger.WriteTo.Sink(LoggerSinkConfiguration.Wrap(
            sink => new OneLineFailures(new ScrubbedSecrets(sink)) { Traces = TracesWanted(configuration) },
            to =>
            {
                if (format == LogFormat.Json)
                    to.Console(new CompactJsonFormatter(), standardErrorFromLevel: stderrFrom);
                else if (UnderSystemd)
                    to.Console(new JournaldFormatter(), standardErrorFromLevel: stderrFrom);
                else
                    to.Console(outputTemplate: HumanTemplate, standardErrorFromLevel: stderrFrom, formatProvider: CultureInfo.InvariantCulture);
            }));
    }

    /// <summary>Whether systemd runs this process as a service: then readable lines are written for journald.</summary>
    private static bool UnderSystemd => SystemdHelpers.IsSystemdService();

    /// <summary>Whether the <c>Serilog</c> section asks for Debug (or Verbose) by default: then expected failures keep their stack traces.</summary>
    private static bool TracesWanted(IConfiguration configuration)
    {
        var level = configuration["Serilog:MinimumLevel:Default"] ?? configuration["Serilog:MinimumLevel"];
        return Enum.TryParse<LogEventLevel>(level, ignoreCase: true, out var minimum) && minimum <= LogEventLevel.Debug;
    }

    /// <summary>Adds <c>Request</c>: " [volume=… host=… attachment=… correlation=…]" where a request's properties are present.</summary>
    private sealed class RequestEnricher : ILogEventEnricher
    {
        private static readonly (string Property, string Label)[] Fields =
        [
            (RequestLogScope.VolumeId, "volume"), (RequestLogScope.Host, "host"),
            (RequestLogScope.AttachmentId, "attachment"), (RequestLogScope.CorrelationId, "correlation"),
        ];

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
