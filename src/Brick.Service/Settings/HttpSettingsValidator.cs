using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>The check of <see cref="HttpSettings"/>: an address to listen on, a readiness interval of at most five minutes.</summary>
internal sealed class HttpSettingsValidator(IConfiguration configuration) : SettingsValidator<HttpSettings>(configuration)
{
    /// <inheritdoc />
    protected override void Check(HttpSettings settings, SettingsRules rules)
    {
        var s = settings;
        if (!string.IsNullOrEmpty(s.Http) && HttpAddress.TryParse(s.Http, out var httpError) is null)
            rules.Check(nameof(s.Http), false, $"'{s.Http}' {httpError}");
        rules.Check(nameof(s.ReadinessInterval), s.ReadinessInterval >= TimeSpan.Zero && s.ReadinessInterval <= TimeSpan.FromMinutes(5),
            $"is {s.ReadinessInterval}; use 00:00:00 to 00:05:00");
    }
}
