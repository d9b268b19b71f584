using Brick.Service.Settings;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Brick.Service.Health;

/// <summary>
/// The last result of one readiness check's expensive part (<see cref="MultipathdCheck"/> starts <c>multipathd</c> as
/// root, <see cref="BindingCheck"/> declares exchanges and a binding on the broker), run at most once per
/// <c>Brick:ReadinessInterval</c> whatever asks: <c>/readyz</c> answers anyone who reaches its port, and a request in
/// between gets the last result. Requests that come while it runs wait for that run instead of starting their own. A
/// run that throws (its timeout, the request gone) is not kept. An interval of zero runs it every time. One a check
/// (registered transient, each check a singleton).
/// </summary>
internal sealed class ReadinessCache(IOptions<HttpSettings> settings, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, long At)? _last;

    /// <summary>The last result of <paramref name="run"/> while it is younger than the interval, else a new run's.</summary>
    public async Task<HealthCheckResult> GetAsync(Func<CancellationToken, Task<HealthCheckResult>> run, CancellationToken cancellationToken)
    {
        if (Fresh() is { } kept)
            return kept;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } meanwhile)
                return meanwhile;
            var result = await run(cancellationToken);
            _last = (result, clock.GetTimestamp());
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private HealthCheckResult? Fresh() =>
        _last is { } last && clock.GetElapsedTime(last.At) < settings.Value.ReadinessInterval ? last.Result : null;
}
