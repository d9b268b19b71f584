using Brick.Service.Health;
using Brick.Service.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Brick.Service.Http;

/// <summary>
/// The small web application behind <c>run --http</c>: Kestrel on one address, and three paths, nothing else
/// (anything else is 404): <c>GET /metrics</c> (Prometheus text from the worker's meter provider), <c>GET /healthz</c>
/// (the checks tagged <see cref="HealthTags.Live"/>; none: 200 while the process serves) and <c>GET /readyz</c> (the
/// checks tagged <see cref="HealthTags.Ready"/>), each health answer written by <see cref="HealthJson"/>. It is a host
/// of its own inside the worker's: the worker's meter provider, health checks and loggers are handed to it, its
/// lifetime is the worker's (<see cref="HttpEndpointService"/> starts and stops it; it reacts to no signal itself).
/// </summary>
internal static class HttpEndpoint
{
    /// <summary>The path of the Prometheus scrape.</summary>
    public const string Metrics = "/metrics";

    /// <summary>The path of liveness.</summary>
    public const string Healthz = "/healthz";

    /// <summary>The path of readiness.</summary>
    public const string Readyz = "/readyz";

    /// <summary>Builds the application listening on <paramref name="address"/>, serving what <paramref name="worker"/> (the worker's services) holds.</summary>
    public static WebApplication Build(HttpAddress address, IServiceProvider worker)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "brick-worker", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (address.Address is null)
                kestrel.ListenLocalhost(address.Port);
            else
                kestrel.Listen(address.Address, address.Port);
        });
        builder.Services.AddSingleton(worker.GetRequiredService<ILoggerFactory>());
        builder.Services.AddSingleton(worker.GetRequiredService<HealthCheckService>());
        builder.Services.AddSingleton<IHostLifetime, WorkersLifetime>();

        var app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(worker.GetRequiredService<MeterProvider>(), predicate: null, Metrics,
            configureBranchedPipeline: null, optionsName: null);
        app.UseHealthChecks(Healthz, Options(HealthTags.Live));
        app.UseHealthChecks(Readyz, Options(HealthTags.Ready));
        return app;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = HealthJson.WriteAsync,
    };

    /// <summary>The worker's host handles SIGTERM and SIGINT; this one only follows it.</summary>
    private sealed class WorkersLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
