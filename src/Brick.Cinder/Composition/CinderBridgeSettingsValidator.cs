using Brick.Contracts;
using Brick.Cinder.Messaging;
using Brick.Service.Settings;
using Microsoft.Extensions.Options;

namespace Brick.Cinder.Composition;

/// <summary>
/// What the bridge needs of the settings beyond what every command checks: a notifications broker it can parse, and
/// an exchange, topic and queue that RabbitMQ takes (1 to 255 bytes of printable ASCII without spaces; the queue with
/// <c>_error</c> within 255).
/// </summary>
internal sealed class CinderBridgeSettingsValidator : IValidateOptions<WorkerSettings>
{
    /// <summary>RabbitMQ names are at most 255 bytes (<see cref="EntityNames.MaxNameBytes"/>): the queue + <c>_error</c> must fit.</summary>
    public static readonly int MaxQueueLength = EntityNames.MaxHostLength(queue => $"{queue}_error");

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WorkerSettings settings) =>
        Problems(settings) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    /// <summary>Every problem, one sentence each, named by its key.</summary>
    public static IReadOnlyList<string> Problems(WorkerSettings s)
    {
        var problems = new List<string>();
        var key = WorkerSettings.Section + ":";
        if (!string.IsNullOrEmpty(s.NotificationsBroker) && NotificationsBroker.Address(s, out var error) is null && error is not null)
            problems.Add($"{error}.");
        Name(problems, key + nameof(s.NotificationsExchange), s.NotificationsExchange, EntityNames.MaxNameBytes);
        Name(problems, key + nameof(s.NotificationsTopic), s.NotificationsTopic, EntityNames.MaxNameBytes);
        Name(problems, key + nameof(s.NotificationsQueue), s.NotificationsQueue, MaxQueueLength);
        return problems;
    }

    private static void Name(List<string> problems, string key, string? value, int max)
    {
        if (string.IsNullOrEmpty(value) || value.Length > max || value.Any(c => c is <= ' ' or > '~'))
            problems.Add($"{key} must be 1 to {max} printable ASCII characters without spaces.");
    }
}
