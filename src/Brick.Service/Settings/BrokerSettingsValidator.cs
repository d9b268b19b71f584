using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>The check of <see cref="BrokerSettings"/>: an address it can parse (with its password and TLS files), a heartbeat of whole seconds.</summary>
internal sealed class BrokerSettingsValidator(IConfiguration configuration) : SettingsValidator<BrokerSettings>(configuration)
{
    /// <inheritdoc />
    protected override void Check(BrokerSettings settings, SettingsRules rules)
    {
        var s = settings;
        if (s.BrokerAddress(out var brokerError) is null)
            rules.Add($"{SettingsSection.Key(brokerError!)}.");
        rules.Check(nameof(s.BrokerHeartbeat), s.BrokerHeartbeat >= TimeSpan.FromSeconds(1) && s.BrokerHeartbeat <= TimeSpan.FromMinutes(10)
            && s.BrokerHeartbeat.Ticks % TimeSpan.TicksPerSecond == 0, $"is {s.BrokerHeartbeat}; use whole seconds from 00:00:01 to 00:10:00");
    }
}
