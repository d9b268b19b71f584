using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Brick.Worker.Cli;

/// <summary>Logging for one-shot commands: human lines on stderr, so stdout holds only the outcome.</summary>
internal static class CliLogging
{
    public static ILoggerFactory CreateStandardErrorFactory(LogEventLevel minimum = LogEventLevel.Information)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(minimum)
            .Enrich.FromLogContext()
            .WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();
        return new SerilogLoggerFactory(logger, dispose: true);
    }
}
