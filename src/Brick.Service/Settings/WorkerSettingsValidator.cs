using Brick.Contracts;
using Brick.Engine.Requests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Brick.Service.Settings;

/// <summary>
/// The one check of <see cref="WorkerSettings"/>, for every command: names each bad setting, one sentence each, with
/// the key to fix (<c>Brick:QueueType 'Quorom' is not one of Quorum, Classic.</c>): keys that are not settings,
/// values that do not convert (read from <paramref name="configuration"/>, the bound settings keep their defaults
/// there), and values that break a rule.
/// </summary>
internal sealed class WorkerSettingsValidator(IConfiguration configuration) : IValidateOptions<WorkerSettings>
{
    /// <summary>RabbitMQ names are at most 255 bytes (<see cref="EntityNames.MaxNameBytes"/>); <c>brick-worker.</c> + host + <c>_error</c> must fit: 236.</summary>
    public static readonly int MaxHostLength = EntityNames.MaxHostLength(EntityNames.ErrorQueue);

    /// <summary>The most bodies in hand may take (<c>PrefetchCount × MaxReceivedBytes</c>): half the DaemonSet's memory limit.</summary>
    public const long MaxBytesInHand = 256L << 20;

    /// <summary>The longest <see cref="WorkerSettings.OperationTimeout"/>.</summary>
    public static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WorkerSettings settings) =>
        Problems(configuration.GetSection(WorkerSettings.Section), settings) is { Count: > 0 } problems
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;

    /// <summary>Every problem of <paramref name="section"/> and of the <paramref name="settings"/> bound from it.</summary>
    public static IReadOnlyList<string> Problems(IConfigurationSection section, WorkerSettings settings)
    {
        var problems = new List<string>();
        var unread = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in section.GetChildren())
        {
            if (WorkerSettings.OtherParts.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                continue; // another part's settings, checked by that part
            if (SettingsBinder.Find(child.Key) is not { } setting)
            {
                problems.Add($"{child.Path} is not a setting{Suggestion(child.Key)}.");
            }
            else if (SettingsBinder.Problem(child, setting) is { } problem)
            {
                problems.Add($"{Key(setting.Name)} {problem}.");
                unread.Add(setting.Name);
            }
        }

        void Check(string name, bool ok, string message)
        {
            if (!ok && !unread.Contains(name))
                problems.Add($"{Key(name)} {message}.");
        }

        var s = settings;
        Check(nameof(s.Host), IsHostName(s.Host),
            $"'{s.Host}' is not a host name (letters, digits, '.', '_', '-'; at most {MaxHostLength} characters)");
        if (s.BrokerAddress(out var brokerError) is null)
            problems.Add($"{Key(brokerError!)}.");
        Check(nameof(s.QueueType), Enum.IsDefined(s.QueueType), OneOf(s.QueueType));
        Check(nameof(s.ErrorQueueType), Enum.IsDefined(s.ErrorQueueType), OneOf(s.ErrorQueueType));
        Check(nameof(s.Output), Enum.IsDefined(s.Output), OneOf(s.Output));
        Check(nameof(s.LogFormat), Enum.IsDefined(s.LogFormat), OneOf(s.LogFormat));
        Check(nameof(s.MaxConcurrency), s.MaxConcurrency is >= 1 and <= 256, $"is {s.MaxConcurrency}; use 1 to 256");
        Check(nameof(s.RetryLimit), s.RetryLimit is >= 0 and <= 20, $"is {s.RetryLimit}; use 0 to 20");
        Check(nameof(s.RetryInitialDelay), s.RetryInitialDelay > TimeSpan.Zero, "must be positive (e.g. 00:00:02)");
        Check(nameof(s.RetryMaxDelay), s.RetryMaxDelay >= s.RetryInitialDelay, "must be at least RetryInitialDelay");
        Check(nameof(s.ShutdownTimeout), s.ShutdownTimeout > TimeSpan.Zero, "must be positive (e.g. 00:00:30)");
        Check(nameof(s.OperationTimeout), s.OperationTimeout > TimeSpan.Zero && s.OperationTimeout <= MaxOperationTimeout,
            "must be more than 0 and at most one day");
        Check(nameof(s.PathWaitTimeout), s.PathWaitTimeout > TimeSpan.Zero, "must be positive (e.g. 00:01:00)");
        Check(nameof(s.PrefetchCount), s.PrefetchCount is >= 1 and <= 65535, $"is {s.PrefetchCount}; use 1 to 65535");
        Check(nameof(s.LockDirectory), string.IsNullOrEmpty(s.LockDirectory) || Path.IsPathFullyQualified(s.LockDirectory),
            $"'{s.LockDirectory}' is not an absolute path");
        Check(nameof(s.MultipathdSocket), string.IsNullOrEmpty(s.MultipathdSocket) || s.MultipathdSocket == "off"
            || (s.MultipathdSocket.StartsWith('@') && s.MultipathdSocket.Length is > 1 and <= 107) || (Path.IsPathFullyQualified(s.MultipathdSocket) && s.MultipathdSocket.Length <= 107),
            $"'{s.MultipathdSocket}' is not off, an absolute path or an abstract name @NAME (at most 107 characters)");
        Check(nameof(s.MaxMessageBytes), s.MaxMessageBytes is >= 1024 and <= 16 << 20, $"is {s.MaxMessageBytes}; use 1024 to 16777216");
        Check(nameof(s.MaxReceivedBytes), s.MaxReceivedBytes >= s.MaxMessageBytes && s.MaxReceivedBytes <= 64 << 20,
            $"is {s.MaxReceivedBytes}; use MaxMessageBytes ({s.MaxMessageBytes}) to 67108864");
        Check(nameof(s.PrefetchCount), (long)s.PrefetchCount * s.MaxReceivedBytes <= MaxBytesInHand,
            $"{s.PrefetchCount} × MaxReceivedBytes {s.MaxReceivedBytes} could hold {((long)s.PrefetchCount * s.MaxReceivedBytes) >> 20} MiB of bodies; at most {MaxBytesInHand >> 20} MiB");
        Check(nameof(s.MaxDeliveries), s.MaxDeliveries is >= 1 and <= 15, $"is {s.MaxDeliveries}; use 1 to 15 (RabbitMQ 4 drops a message after 20)");
        Check(nameof(s.PublishTimeout), s.PublishTimeout > TimeSpan.Zero && s.PublishTimeout <= TimeSpan.FromMinutes(10),
            "must be more than 0 and at most 10 minutes (e.g. 00:00:10)");
        Check(nameof(s.BrokerHeartbeat), s.BrokerHeartbeat >= TimeSpan.FromSeconds(1) && s.BrokerHeartbeat <= TimeSpan.FromMinutes(10)
            && s.BrokerHeartbeat.Ticks % TimeSpan.TicksPerSecond == 0, $"is {s.BrokerHeartbeat}; use whole seconds from 00:00:01 to 00:10:00");
        Check(nameof(s.BrokerConsumerTimeout), s.BrokerConsumerTimeout >= TimeSpan.FromMinutes(1) && s.BrokerConsumerTimeout <= TimeSpan.FromDays(7),
            $"is {s.BrokerConsumerTimeout}; use 00:01:00 to 7.00:00:00 (the broker's consumer_timeout)");
        Check(nameof(s.ReadinessInterval), s.ReadinessInterval >= TimeSpan.Zero && s.ReadinessInterval <= TimeSpan.FromMinutes(5),
            $"is {s.ReadinessInterval}; use 00:00:00 to 00:05:00");
        if (!s.Simulate)
        {
            Check(nameof(s.SysRoot), Directory.Exists(s.SysRoot), $"'{s.SysRoot}' is not a directory");
            Check(nameof(s.DevRoot), Directory.Exists(s.DevRoot), $"'{s.DevRoot}' is not a directory");
        }

        Check(nameof(s.CryptKeyDirectory), string.IsNullOrEmpty(s.CryptKeyDirectory) || Directory.Exists(s.CryptKeyDirectory),
            $"'{s.CryptKeyDirectory}' is not a directory");
        var badPatterns = s.LocalDevicePatterns.Where(p => !IsLocalDevicePattern(p)).ToList();
        Check(nameof(s.LocalDevicePatterns), badPatterns.Count == 0,
            $"{string.Join(", ", badPatterns.Select(p => $"'{p}'"))} {(badPatterns.Count == 1 ? "is not a pattern" : "are not patterns")} under /dev/ (letters, digits, '/', '*', '?', '_', '+', ':', '.', '-'; no '.' or '..' parts)");
        if (!string.IsNullOrEmpty(s.Http) && !unread.Contains(nameof(s.Http)) && HttpAddress.TryParse(s.Http, out var httpError) is null)
            problems.Add($"{Key(nameof(s.Http))} '{s.Http}' {httpError}.");
        foreach (var (name, path) in new[] { (nameof(s.Multipathd), s.Multipathd), (nameof(s.Cryptsetup), s.Cryptsetup), (nameof(s.Losetup), s.Losetup) })
            Check(name, Path.IsPathRooted(path), $"'{path}' is not an absolute path");
        return problems;
    }

    private static bool IsLocalDevicePattern(string? pattern) => pattern is not null && Brick.Engine.Discovery.LocalDeviceAllowList.IsValidPattern(pattern);

    private static bool IsHostName(string? host) =>
        !string.IsNullOrEmpty(host) && host.Length <= MaxHostLength && RequestValidator.IsValidHostName(host);

    private static string Key(string nameAndMessage) => $"{WorkerSettings.Section}:{nameAndMessage}";

    private static string OneOf<T>(T value)
        where T : struct, Enum => $"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}";

    /// <summary>" (did you mean Broker?)" for a key one or two letters away from a setting, else "".</summary>
    private static string Suggestion(string key)
    {
        var closest = SettingsBinder.Settings.Select(s => (s.Name, Distance: Distance(key.ToUpperInvariant(), s.Name.ToUpperInvariant())))
            .OrderBy(c => c.Distance).First();
        return closest.Distance <= 2 ? $" (did you mean {closest.Name}?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
