using Brick.Contracts;
using Brick.Engine.Requests;
using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>
/// The check of <see cref="WorkerSettings"/>: each value that breaks a rule, one sentence each, with the key to fix.
/// Keys that are not settings and values that do not convert are <see cref="SettingsCheck"/>'s to name.
/// </summary>
internal sealed class WorkerSettingsValidator(IConfiguration configuration) : SettingsValidator<WorkerSettings>(configuration)
{
    /// <summary>RabbitMQ names are at most 255 bytes (<see cref="EntityNames.MaxNameBytes"/>); <c>brick-worker.</c> + host + <c>_error</c> must fit: 236.</summary>
    public static readonly int MaxHostLength = EntityNames.MaxHostLength(EntityNames.ErrorQueue);

    /// <summary>The most bodies in hand may take (<c>PrefetchCount × MaxReceivedBytes</c>): half the DaemonSet's memory limit.</summary>
    public const long MaxBytesInHand = 256L << 20;

    /// <summary>The longest <see cref="WorkerSettings.OperationTimeout"/>.</summary>
    public static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromDays(1);

    /// <inheritdoc />
    protected override void Check(WorkerSettings settings, SettingsRules rules)
    {
        var s = settings;
        rules.Check(nameof(s.Host), IsHostName(s.Host),
            $"'{s.Host}' is not a host name (letters, digits, '.', '_', '-'; at most {MaxHostLength} characters)");
        if (s.BrokerAddress(out var brokerError) is null)
            rules.Add($"{SettingsSection.Key(brokerError!)}.");
        rules.Check(nameof(s.QueueType), Enum.IsDefined(s.QueueType), OneOf(s.QueueType));
        rules.Check(nameof(s.ErrorQueueType), Enum.IsDefined(s.ErrorQueueType), OneOf(s.ErrorQueueType));
        rules.Check(nameof(s.Output), Enum.IsDefined(s.Output), OneOf(s.Output));
        rules.Check(nameof(s.LogFormat), Enum.IsDefined(s.LogFormat), OneOf(s.LogFormat));
        rules.Check(nameof(s.MaxConcurrency), s.MaxConcurrency is >= 1 and <= 256, $"is {s.MaxConcurrency}; use 1 to 256");
        rules.Check(nameof(s.RetryLimit), s.RetryLimit is >= 0 and <= 20, $"is {s.RetryLimit}; use 0 to 20");
        rules.Check(nameof(s.RetryInitialDelay), s.RetryInitialDelay > TimeSpan.Zero, "must be positive (e.g. 00:00:02)");
        rules.Check(nameof(s.RetryMaxDelay), s.RetryMaxDelay >= s.RetryInitialDelay, "must be at least RetryInitialDelay");
        rules.Check(nameof(s.ShutdownTimeout), s.ShutdownTimeout > TimeSpan.Zero, "must be positive (e.g. 00:00:30)");
        rules.Check(nameof(s.OperationTimeout), s.OperationTimeout > TimeSpan.Zero && s.OperationTimeout <= MaxOperationTimeout,
            "must be more than 0 and at most one day");
        rules.Check(nameof(s.PathWaitTimeout), s.PathWaitTimeout > TimeSpan.Zero, "must be positive (e.g. 00:01:00)");
        rules.Check(nameof(s.PrefetchCount), s.PrefetchCount is >= 1 and <= 65535, $"is {s.PrefetchCount}; use 1 to 65535");
        rules.Check(nameof(s.LockDirectory), string.IsNullOrEmpty(s.LockDirectory) || Path.IsPathFullyQualified(s.LockDirectory),
            $"'{s.LockDirectory}' is not an absolute path");
        rules.Check(nameof(s.MultipathdSocket), string.IsNullOrEmpty(s.MultipathdSocket) || s.MultipathdSocket == "off"
            || (s.MultipathdSocket.StartsWith('@') && s.MultipathdSocket.Length is > 1 and <= 107) || (Path.IsPathFullyQualified(s.MultipathdSocket) && s.MultipathdSocket.Length <= 107),
            $"'{s.MultipathdSocket}' is not off, an absolute path or an abstract name @NAME (at most 107 characters)");
        rules.Check(nameof(s.MaxMessageBytes), s.MaxMessageBytes is >= 1024 and <= 16 << 20, $"is {s.MaxMessageBytes}; use 1024 to 16777216");
        rules.Check(nameof(s.MaxReceivedBytes), s.MaxReceivedBytes >= s.MaxMessageBytes && s.MaxReceivedBytes <= 64 << 20,
            $"is {s.MaxReceivedBytes}; use MaxMessageBytes ({s.MaxMessageBytes}) to 67108864");
        rules.Check(nameof(s.PrefetchCount), (long)s.PrefetchCount * s.MaxReceivedBytes <= MaxBytesInHand,
            $"{s.PrefetchCount} × MaxReceivedBytes {s.MaxReceivedBytes} could hold {((long)s.PrefetchCount * s.MaxReceivedBytes) >> 20} MiB of bodies; at most {MaxBytesInHand >> 20} MiB");
        rules.Check(nameof(s.MaxDeliveries), s.MaxDeliveries is >= 1 and <= 15, $"is {s.MaxDeliveries}; use 1 to 15 (RabbitMQ 4 drops a message after 20)");
        rules.Check(nameof(s.PublishTimeout), s.PublishTimeout > TimeSpan.Zero && s.PublishTimeout <= TimeSpan.FromMinutes(10),
            "must be more than 0 and at most 10 minutes (e.g. 00:00:10)");
        rules.Check(nameof(s.BrokerHeartbeat), s.BrokerHeartbeat >= TimeSpan.FromSeconds(1) && s.BrokerHeartbeat <= TimeSpan.FromMinutes(10)
            && s.BrokerHeartbeat.Ticks % TimeSpan.TicksPerSecond == 0, $"is {s.BrokerHeartbeat}; use whole seconds from 00:00:01 to 00:10:00");
        rules.Check(nameof(s.BrokerConsumerTimeout), s.BrokerConsumerTimeout >= TimeSpan.FromMinutes(1) && s.BrokerConsumerTimeout <= TimeSpan.FromDays(7),
            $"is {s.BrokerConsumerTimeout}; use 00:01:00 to 7.00:00:00 (the broker's consumer_timeout)");
        if (!s.Simulate)
        {
            rules.Check(nameof(s.SysRoot), Directory.Exists(s.SysRoot), $"'{s.SysRoot}' is not a directory");
            rules.Check(nameof(s.DevRoot), Directory.Exists(s.DevRoot), $"'{s.DevRoot}' is not a directory");
        }

        rules.Check(nameof(s.CryptKeyDirectory), string.IsNullOrEmpty(s.CryptKeyDirectory) || Directory.Exists(s.CryptKeyDirectory),
            $"'{s.CryptKeyDirectory}' is not a directory");
        var badPatterns = s.LocalDevicePatterns.Where(p => !IsLocalDevicePattern(p)).ToList();
        rules.Check(nameof(s.LocalDevicePatterns), badPatterns.Count == 0,
            $"{string.Join(", ", badPatterns.Select(p => $"'{p}'"))} {(badPatterns.Count == 1 ? "is not a pattern" : "are not patterns")} under /dev/ (letters, digits, '/', '*', '?', '_', '+', ':', '.', '-'; no '.' or '..' parts)");
        foreach (var (name, path) in new[] { (nameof(s.Multipathd), s.Multipathd), (nameof(s.Cryptsetup), s.Cryptsetup), (nameof(s.Losetup), s.Losetup) })
            rules.Check(name, Path.IsPathRooted(path), $"'{path}' is not an absolute path");
    }

    private static bool IsLocalDevicePattern(string? pattern) => pattern is not null && Brick.Engine.Discovery.LocalDeviceAllowList.IsValidPattern(pattern);

    private static bool IsHostName(string? host) =>
        !string.IsNullOrEmpty(host) && host.Length <= MaxHostLength && RequestValidator.IsValidHostName(host);

    private static string OneOf<T>(T value)
        where T : struct, Enum => $"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}";
}
