using System.Diagnostics;
using System.Globalization;
using Brick.Testing;

namespace Brick.Benchmarks;

/// <summary>
/// How the process-cost figures start <c>brick-worker</c> (<see cref="WorkerProcess"/>: <c>run</c> or
/// <c>blockresize</c>, with <c>--simulate</c>, in one <see cref="WorkerVariant"/>, logging at Warning), wait until it
/// consumes, and sample its resident memory.
/// </summary>
internal static class BenchmarkWorker
{
    /// <summary>Starts <paramref name="command"/> for <paramref name="host"/> on <paramref name="broker"/>, with <paramref name="more"/> arguments.</summary>
    public static WorkerProcess Start(WorkerVariant variant, string command, string host, Uri broker, params string[] more) =>
        Start(variant, command, host, broker, simulate: true, more);

    /// <summary>
    /// As <see cref="Start(WorkerVariant, string, string, Uri, string[])"/>; without <paramref name="simulate"/> the
    /// process works on this machine's own <c>/sys</c> and <c>/dev</c> (as root; nothing of its host is asked of it
    /// while idle), which is what a compute host pays, without a simulated host's kernel in the same process.
    /// </summary>
    public static WorkerProcess Start(WorkerVariant variant, string command, string host, Uri broker, bool simulate, params string[] more)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["Serilog__MinimumLevel__Default"] = "Warning" };
        foreach (var (key, value) in variant.Environment)
            environment[key] = value;
        string[] queueType = command == "run" ? ["--queue-type", "Quorum"] : [];
        string[] simulation = simulate ? ["--simulate"] : [];
        return WorkerProcess.Start([command, .. simulation, "--host", host, "--broker", broker.ToString(), .. queueType, .. more],
            new WorkerStart { Directory = variant.Directory, Environment = environment, StopGrace = TimeSpan.FromSeconds(10) });
    }

    /// <summary>Waits until the broker shows a consumer on <paramref name="queue"/>; returns the time since the start.</summary>
    public static async Task<TimeSpan> WaitUntilConsumingAsync(this WorkerProcess worker, Uri broker, string queue, CancellationToken cancellationToken)
    {
        var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        await using (connection)
        {
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (true)
            {
                if (worker.HasExited)
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"brick-worker exited {worker.ExitCode} before consuming from {queue}: {worker.Tail()}"));
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                try
                {
                    if ((await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).ConsumerCount > 0)
                        return Stopwatch.GetElapsedTime(worker.StartedAt);
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    // Not declared yet.
                }

                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"brick-worker does not consume from {queue} after 180 s");
                await Task.Delay(10, cancellationToken);
            }
        }
    }

    /// <summary>Its resident memory now, in MiB (<c>VmRSS</c>).</summary>
    public static double RssMiB(this WorkerProcess worker) => ProcFs.Status(worker.Id, "VmRSS") / 1024.0;
}
