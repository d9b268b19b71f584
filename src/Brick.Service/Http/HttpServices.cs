using Brick.Service.Health;
using Microsoft.Extensions.DependencyInjection;

namespace Brick.Service.Http;

/// <summary>Registers <c>run --http</c>: the health checks (the readiness checks themselves are registered elsewhere, tagged <see cref="HealthTags.Ready"/>) and the endpoint.</summary>
public static class HttpServices
{
    /// <summary>
    /// <c>AddHealthChecks</c> and the hosted service that serves <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>
    /// when <c>Brick:Http</c> is set. The meter provider comes from <c>AddWorkerTelemetry</c>.
    /// </summary>
    public static IServiceCollection AddWorkerHttp(this IServiceCollection services)
    {
        services.AddHealthChecks();
        services.AddHostedService<HttpEndpointService>();
        return services;
    }
}
