using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>The check of <see cref="MemorySettings"/>: an idle time from one second to one hour.</summary>
internal sealed class MemorySettingsValidator(IConfiguration configuration) : SettingsValidator<MemorySettings>(configuration)
{
    /// <inheritdoc />
    protected override void Check(MemorySettings settings, SettingsRules rules)
    {
        var s = settings;
        rules.Check(nameof(s.IdleReleaseAfter), s.IdleReleaseAfter >= TimeSpan.FromSeconds(1) && s.IdleReleaseAfter <= TimeSpan.FromHours(1),
            $"is {s.IdleReleaseAfter}; use 00:00:01 to 01:00:00");
    }
}
