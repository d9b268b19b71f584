using Microsoft.Extensions.Options;

namespace Brick.Worker.Service;

/// <summary>Checks every setting at start and names each bad one with the key to fix, e.g. <c>Brick:Broker</c>.</summary>
public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    /// <summary>RabbitMQ names are at most 255 bytes; <c>brick-worker.</c> + host + <c>_error</c> must fit.</summary>
    private const int MaxHostLength = 236;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WorkerOptions options) =>
        Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    /// <summary>Every problem, one sentence each, naming the setting.</summary>
    public static IReadOnlyList<string> Problems(WorkerOptions o)
    {
        var problems = new List<string>();
        void Check(bool ok, string key, string message)
        {
            if (!ok)
                problems.Add($"{WorkerOptions.Section}:{key} {message}");
        }

        Check(!string.IsNullOrEmpty(o.Host) && o.Host.Length <= MaxHostLength && Brick.Engine.Requests.RequestValidator.IsValidHostName(o.Host), "Host",
            $"'{o.Host}' is not a host name (letters, digits, '.', '_', '-'; at most {MaxHostLength} characters).");
        if (BrokerAddress.TryParse(o.Broker, o.BrokerNodes, out var brokerError) is null)
            problems.Add($"{WorkerOptions.Section}:Broker {brokerError}.");
        Check(Enum.IsDefined(o.QueueType), "QueueType", "must be Quorum or Classic.");
        Check(Enum.IsDefined(o.Output), "Output", "must be Envelope or Raw.");
        Check(Enum.IsDefined(o.LogFormat), "LogFormat", "must be Human or Json.");
        Check(o.MaxConcurrency is >= 1 and <= 256, "MaxConcurrency", $"is {o.MaxConcurrency}; use 1 to 256.");
        Check(o.RetryLimit is >= 0 and <= 20, "RetryLimit", $"is {o.RetryLimit}; use 0 to 20.");
        Check(o.RetryInitialDelay > TimeSpan.Zero, "RetryInitialDelay", "must be positive (e.g. 00:00:02).");
        Check(o.RetryMaxDelay >= o.RetryInitialDelay, "RetryMaxDelay", "must be at least RetryInitialDelay.");
        Check(o.ShutdownTimeout > TimeSpan.Zero, "ShutdownTimeout", "must be positive (e.g. 00:00:30).");
        Check(o.OperationTimeout > TimeSpan.Zero, "OperationTimeout", "must be positive (e.g. 00:03:00).");
        Check(o.PathWaitTimeout > TimeSpan.Zero, "PathWaitTimeout", "must be positive (e.g. 00:01:00).");
        if (!o.Simulate)
        {
            Check(Directory.Exists(o.SysRoot), "SysRoot", $"'{o.SysRoot}' is not a directory.");
            Check(Directory.Exists(o.DevRoot), "DevRoot", $"'{o.DevRoot}' is not a directory.");
        }

        Check(o.CryptKeyDirectory is null || Directory.Exists(o.CryptKeyDirectory), "CryptKeyDirectory", $"'{o.CryptKeyDirectory}' is not a directory.");
        foreach (var (key, path) in new[] { ("Multipathd", o.Multipathd), ("Cryptsetup", o.Cryptsetup), ("Losetup", o.Losetup) })
            Check(Path.IsPathRooted(path), key, $"'{path}' is not an absolute path.");
        return problems;
    }
}
