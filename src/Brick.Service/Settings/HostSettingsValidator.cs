using Brick.Contracts;
using Brick.Engine.Requests;
using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>
/// The check of <see cref="HostSettings"/>: a host name short enough for the queues of every consumer the command runs
/// (run's error queue, and each <see cref="HostQueue"/> registered), a log format.
/// </summary>
internal sealed class HostSettingsValidator(IConfiguration configuration, IEnumerable<HostQueue> queues) : SettingsValidator<HostSettings>(configuration)
{
    /// <summary>RabbitMQ names are at most 255 bytes (<see cref="EntityNames.MaxNameBytes"/>); <c>brick-worker.</c> + host + <c>_error</c> must fit: 236.</summary>
    public static readonly int MaxHostLength = EntityNames.MaxHostLength(EntityNames.ErrorQueue);

    private readonly int _limit = queues.Select(q => EntityNames.MaxHostLength(q.Name)).Append(MaxHostLength).Min();

    /// <inheritdoc />
    protected override void Check(HostSettings settings, SettingsRules rules)
    {
        var s = settings;
        rules.Check(nameof(s.Host), !string.IsNullOrEmpty(s.Host) && s.Host.Length <= _limit && RequestValidator.IsValidHostName(s.Host),
            $"'{s.Host}' is not a host name (letters, digits, '.', '_', '-'; at most {_limit} characters)");
        rules.Check(nameof(s.LogFormat), Enum.IsDefined(s.LogFormat), SettingsRules.OneOf(s.LogFormat));
    }
}
