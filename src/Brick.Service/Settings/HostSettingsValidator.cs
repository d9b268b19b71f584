using Brick.Contracts;
using Brick.Engine.Requests;
using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>The check of <see cref="HostSettings"/>: a host name short enough for run's error queue, a log format.</summary>
internal sealed class HostSettingsValidator(IConfiguration configuration) : SettingsValidator<HostSettings>(configuration)
{
    /// <summary>RabbitMQ names are at most 255 bytes (<see cref="EntityNames.MaxNameBytes"/>); <c>brick-worker.</c> + host + <c>_error</c> must fit: 236.</summary>
    public static readonly int MaxHostLength = EntityNames.MaxHostLength(EntityNames.ErrorQueue);

    /// <inheritdoc />
    protected override void Check(HostSettings settings, SettingsRules rules)
    {
        var s = settings;
        rules.Check(nameof(s.Host), !string.IsNullOrEmpty(s.Host) && s.Host.Length <= MaxHostLength && RequestValidator.IsValidHostName(s.Host),
            $"'{s.Host}' is not a host name (letters, digits, '.', '_', '-'; at most {MaxHostLength} characters)");
        rules.Check(nameof(s.LogFormat), Enum.IsDefined(s.LogFormat), SettingsRules.OneOf(s.LogFormat));
    }
}
