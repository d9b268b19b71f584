using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serilog;

namespace Brick.Service.Logging;

/// <summary>Registers the logging of every command: Serilog as <see cref="LoggingSetup"/> sets it up, in the settings' <c>LogFormat</c>.</summary>
public static class LoggingServices
{
    /// <summary>
    /// Adds Serilog, built when the first logger is asked for (reading the settings then);
    /// <paramref name="toStandardError"/> keeps stdout for a command's result.
    /// </summary>
    public static IServiceCollection AddWorkerLogging(this IServiceCollection services, IConfiguration configuration, bool toStandardError = false) =>
        services.AddLogging().AddSerilog(
            (provider, logger) => LoggingSetup.Configure(
                logger, configuration, provider.GetRequiredService<IOptions<HostSettings>>().Value.LogFormat, toStandardError),
            preserveStaticLogger: true);
}
