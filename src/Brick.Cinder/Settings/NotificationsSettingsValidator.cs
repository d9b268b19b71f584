using Brick.Contracts;
using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;

namespace Brick.Cinder.Settings;

/// <summary>
/// The check of <see cref="NotificationsSettings"/>: a notifications broker it can parse (its TLS files are
/// <c>Brick:Broker</c>'s), and an exchange, topic and queue that RabbitMQ takes (1 to 255 bytes of printable ASCII
/// without spaces; the queue with <c>_error</c> within 255).
/// </summary>
internal sealed class NotificationsSettingsValidator(IConfiguration configuration)
    : SettingsValidator<NotificationsSettings>(configuration)
{
    /// <summary>RabbitMQ names are at most 255 bytes (<see cref="EntityNames.MaxNameBytes"/>): the queue + <c>_error</c> must fit.</summary>
    public static readonly int MaxQueueLength = EntityNames.MaxHostLength(queue => $"{queue}_error");

    /// <inheritdoc />
    protected override void Check(NotificationsSettings settings, SettingsRules rules)
    {
        var s = settings;
        if (!string.IsNullOrEmpty(s.NotificationsBroker) && NotificationsBroker.Address(s, SettingsBinder.Read<BrokerSettings>(Configuration), out var error) is null && error is not null)
            rules.Add($"{error}.");
        Name(rules, nameof(s.NotificationsExchange), s.NotificationsExchange, EntityNames.MaxNameBytes);
        Name(rules, nameof(s.NotificationsTopic), s.NotificationsTopic, EntityNames.MaxNameBytes);
        Name(rules, nameof(s.NotificationsQueue), s.NotificationsQueue, MaxQueueLength);
    }

    private static void Name(SettingsRules rules, string key, string? value, int max) =>
        rules.Check(key, !string.IsNullOrEmpty(value) && value.Length <= max && !value.Any(c => c is <= ' ' or > '~'),
            $"must be 1 to {max} printable ASCII characters without spaces");
}
