namespace Brick.Service.Settings;

/// <summary>
/// The settings of the consumers' HTTP endpoints (<c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c>): where they listen,
/// how often the costly readiness checks run. Bound from the <c>Brick</c> section; checked by <see cref="HttpSettingsValidator"/>.
/// </summary>
public sealed class HttpSettings
{
    /// <summary>
    /// Where <c>brick-worker run</c> serves <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>, <c>ADDRESS:PORT</c>
    /// (<see cref="HttpAddress"/>); unset, nothing listens.
    /// </summary>
    public string? Http { get; set; }

    /// <summary>
    /// How often the readiness checks that cost a program run or broker declarations (<c>multipathd</c>, <c>binding</c>)
    /// run at most: a <c>/readyz</c> in between gets their last result. Zero runs them on every request.
    /// </summary>
    public TimeSpan ReadinessInterval { get; set; } = TimeSpan.FromSeconds(10);
}
