using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>The check of <see cref="EndpointSettings"/>: queue types, bounds on messages and bodies in hand, retries, limits of time.</summary>
internal sealed class EndpointSettingsValidator(IConfiguration configuration) : SettingsValidator<EndpointSettings>(configuration)
{
    /// <summary>The most bodies in hand may take (<c>PrefetchCount × MaxReceivedBytes</c>): half the DaemonSet's memory limit.</summary>
    public const long MaxBytesInHand = 256L << 20;

    /// <inheritdoc />
    protected override void Check(EndpointSettings settings, SettingsRules rules)
    {
        var s = settings;
        rules.Check(nameof(s.QueueType), Enum.IsDefined(s.QueueType), SettingsRules.OneOf(s.QueueType));
        rules.Check(nameof(s.ErrorQueueType), Enum.IsDefined(s.ErrorQueueType), SettingsRules.OneOf(s.ErrorQueueType));
        rules.Check(nameof(s.Output), Enum.IsDefined(s.Output), SettingsRules.OneOf(s.Output));
        rules.Check(nameof(s.MaxConcurrency), s.MaxConcurrency is >= 1 and <= 256, $"is {s.MaxConcurrency}; use 1 to 256");
        rules.Check(nameof(s.RetryLimit), s.RetryLimit is >= 0 and <= 20, $"is {s.RetryLimit}; use 0 to 20");
        rules.Check(nameof(s.RetryInitialDelay), s.RetryInitialDelay > TimeSpan.Zero, "must be positive (e.g. 00:00:02)");
        rules.Check(nameof(s.RetryMaxDelay), s.RetryMaxDelay >= s.RetryInitialDelay, "must be at least RetryInitialDelay");
        rules.Check(nameof(s.ShutdownTimeout), s.ShutdownTimeout > TimeSpan.Zero, "must be positive (e.g. 00:00:30)");
        rules.Check(nameof(s.PrefetchCount), s.PrefetchCount is >= 1 and <= 65535, $"is {s.PrefetchCount}; use 1 to 65535");
        rules.Check(nameof(s.MaxMessageBytes), s.MaxMessageBytes is >= 1024 and <= 16 << 20, $"is {s.MaxMessageBytes}; use 1024 to 16777216");
        rules.Check(nameof(s.MaxReceivedBytes), s.MaxReceivedBytes >= s.MaxMessageBytes && s.MaxReceivedBytes <= 64 << 20,
            $"is {s.MaxReceivedBytes}; use MaxMessageBytes ({s.MaxMessageBytes}) to 67108864");
        rules.Check(nameof(s.PrefetchCount), (long)s.PrefetchCount * s.MaxReceivedBytes <= MaxBytesInHand,
            $"{s.PrefetchCount} × MaxReceivedBytes {s.MaxReceivedBytes} could hold {((long)s.PrefetchCount * s.MaxReceivedBytes) >> 20} MiB of bodies; at most {MaxBytesInHand >> 20} MiB");
        rules.Check(nameof(s.MaxDeliveries), s.MaxDeliveries is >= 1 and <= 15, $"is {s.MaxDeliveries}; use 1 to 15 (RabbitMQ 4 drops a message after 20)");
        rules.Check(nameof(s.PublishTimeout), s.PublishTimeout > TimeSpan.Zero && s.PublishTimeout <= TimeSpan.FromMinutes(10),
            "must be more than 0 and at most 10 minutes (e.g. 00:00:10)");
        rules.Check(nameof(s.BrokerConsumerTimeout), s.BrokerConsumerTimeout >= TimeSpan.FromMinutes(1) && s.BrokerConsumerTimeout <= TimeSpan.FromDays(7),
            $"is {s.BrokerConsumerTimeout}; use 00:01:00 to 7.00:00:00 (the broker's consumer_timeout)");
    }
}
