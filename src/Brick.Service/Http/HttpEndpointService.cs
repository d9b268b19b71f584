using System.Runtime.CompilerServices;
using Brick.Service.Settings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Brick.Service.Http;

/// <summary>
/// Starts <see cref="HttpEndpoint"/> with the worker when <c>Brick:Http</c> is set, stops it with the worker; unset,
/// it does nothing and nothing listens. An address that cannot be bound (in use, not this machine's) stops the worker
/// from starting, with the address in the error.
/// </summary>
/// <remarks>
/// Nothing here names an ASP.NET Core type but <see cref="Build"/>, which only runs with <c>Brick:Http</c> set: the
/// runtime loads an assembly when it first compiles a method that names one of its types, so a worker without
/// <c>--http</c> never loads ASP.NET Core's (held by the memory benchmark's "assemblies" figure).
/// </remarks>
internal sealed partial class HttpEndpointService(IOptions<HttpSettings> settings, IServiceProvider services, ILogger<HttpEndpointService> logger)
    : IHostedService, IAsyncDisposable
{
    private IHost? _app;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Value.Http))
            return;
        var address = HttpAddress.TryParse(settings.Value.Http, out var error)
            ?? throw new InvalidOperationException($"{SettingsSection.Name}:{nameof(HttpSettings.Http)} '{settings.Value.Http}' {error}.");

        _app = Build(address, services);
        try
        {
            await _app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new HttpListenException($"Cannot serve HTTP on {address} ({SettingsSection.Name}:{nameof(HttpSettings.Http)}): {e.Message}", e);
        }

        LogListening(address.ToString(), HttpEndpoint.Metrics, HttpEndpoint.Healthz, HttpEndpoint.Readyz);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is IAsyncDisposable app)
            await app.DisposeAsync();
        else
            _app?.Dispose();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IHost Build(HttpAddress address, IServiceProvider services) => HttpEndpoint.Build(address, services);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving {Address}: {Metrics}, {Healthz}, {Readyz}")]
    private partial void LogListening(string address, string metrics, string healthz, string readyz);
}
