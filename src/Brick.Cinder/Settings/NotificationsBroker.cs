using Brick.Service.Settings;

namespace Brick.Cinder.Settings;

/// <summary>
/// The broker Cinder's notifications come from: <c>Brick:NotificationsBroker</c> (its password from
/// <c>Brick:NotificationsBrokerPasswordFile</c> where given, TLS files as <c>Brick:Broker</c>'s), or, unset,
/// <c>Brick:Broker</c> itself.
/// </summary>
internal static class NotificationsBroker
{
    /// <summary>
    /// The address, or null with what is wrong in <paramref name="error"/> (never quoting a password);
    /// <paramref name="broker"/> gives <c>Brick:Broker</c> and the TLS files (null where they are bad: then no address and no error of its own).
    /// </summary>
    public static BrokerAddress? Address(NotificationsSettings settings, BrokerSettings? broker, out string? error)
    {
        error = null;
        var brick = broker?.BrokerAddress(out error);
        if (string.IsNullOrEmpty(settings.NotificationsBroker) || brick is null)
        {
            if (error is not null)
                error = $"{SettingsSection.Name}:{error}";
            return brick;
        }

        var address = BrokerAddress.TryParse(settings.NotificationsBroker, [], out var why);
        if (address is null)
        {
            error = $"{SettingsSection.Name}:Notifications{why}";
            return null;
        }

        if (!string.IsNullOrEmpty(settings.NotificationsBrokerPasswordFile))
        {
            if (BrokerPassword.Read(settings.NotificationsBrokerPasswordFile, out why, nameof(NotificationsSettings.NotificationsBrokerPasswordFile)) is not { } password)
            {
                error = $"{SettingsSection.Name}:{why}";
                return null;
            }

            address = address with { Password = password };
        }

        Secrets.Remember(address.Password);
        return address with { Tls = brick.Tls };
    }
}
