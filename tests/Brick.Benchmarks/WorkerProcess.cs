using System.Diagnostics;
using System.Globalization;

namespace Brick.Benchmarks;

/// <summary>
/// A <c>brick-worker</c> process of its own (<c>run</c> or <c>blockresize</c>, with <c>--simulate</c>) in one
/// <see cref="WorkerVariant"/>, killed with its children when disposed. Its output is read and dropped (logs at Warning).
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process, string queue, long startedAt) => (_process, Queue, StartedAt) = (process, queue, startedAt);

    /// <summary>The queue whose consumer shows the process consuming.</summary>
    public string Queue { get; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> just before the process was started.</summary>
    public long StartedAt { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static WorkerProcess Start(WorkerVariant variant, string command, string host, Uri broker, string queue, params string[] more) =>
        Start(variant, command, host, broker, queue, simulate: true, more);

    /// <summary>
    /// As <see cref="Start(WorkerVariant, string, string, Uri, string, string[])"/>; without <paramref name="simulate"/>
    /// the process works on this machine's own <c>/sys</c> and <c>/dev</c> (as root; nothing of its host is asked of it
    /// while idle), which is what a compute host pays, without a simulated host's kernel in the same process.
    /// </summary>
    public static WorkerProcess Start(WorkerVariant variant, string command, string host, Uri broker, string queue, bool simulate, params string[] more)
    {
        var (program, prefix) = variant.Command();
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in prefix.Concat(simulate ? [command, "--simulate"] : [command]).Concat(["--host", host, "--broker", broker.ToString()]))
            start.ArgumentList.Add(argument);
        if (command == "run")
        {
            start.ArgumentList.Add("--queue-type");
            start.ArgumentList.Add("Quorum");
        }

        foreach (var argument in more)
            start.ArgumentList.Add(argument);

        start.Environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (key, value) in variant.Environment)
            start.Environment[key] = value;
        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"brick-worker {command} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process, queue, startedAt);
    }

    /// <summary>Waits until the broker shows a consumer on <see cref="Queue"/>; returns the time since the start.</summary>
    public async Task<TimeSpan> WaitUntilConsumingAsync(Uri broker, CancellationToken cancellationToken)
    {
        var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        await using (connection)
        {
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (true)
            {
                if (_process.HasExited)
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"brick-worker exited {_process.ExitCode} before consuming from {Queue}"));
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                try
                {
                    if ((await channel.QueueDeclarePassiveAsync(Queue, cancellationToken)).ConsumerCount > 0)
                        return Stopwatch.GetElapsedTime(StartedAt);
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    // Not declared yet.
                }

                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"brick-worker does not consume from {Queue} after 180 s");
                await Task.Delay(10, cancellationToken);
            }
        }
    }

    public double RssMiB() => ProcFs.Status(Id, "VmRSS") / 1024.0;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
