using Brick.Engine.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace Brick.Worker.Service;

/// <summary>Builds the generic host of <c>brick-worker run</c>: configuration, checked settings, Serilog, the bus.</summary>
public static class WorkerHost
{
    /// <summary>
    /// Reads <c>appsettings.json</c> (beside the program, then the working directory), <c>BRICK_</c>-less environment
    /// variables (<c>Brick__Host</c>, …) and <paramref name="overrides"/> (from the command line, strongest), checks them
    /// (throws <see cref="SettingsException"/>), and builds the host.
    /// </summary>
    public static IHost Build(IReadOnlyDictionary<string, string?> overrides, Func<IServiceProvider, VolumeExtender>? engine = null,
        Action<IServiceCollection>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides);

        var options = SettingsLoader.Load(builder.Configuration);
        builder.Services.AddSerilog(LoggingSetup.Create(builder.Configuration, options.LogFormat), dispose: true);
        builder.Services.AddBrickWorker(options, engine);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
