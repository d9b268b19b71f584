using System.Diagnostics;
using CliWrap;

namespace Brick.Benchmarks;

/// <summary>
/// The floor beside <c>brick-worker</c> in the memory part: <c>Brick.Benchmarks.Floor</c>, a bare console program on
/// the same runtime that holds one AMQP connection and consumes from one quorum queue, started with <c>dotnet</c> from
/// the benchmark's output (as the benchmark build of <c>brick-worker</c> is) and measured the same way. What
/// <c>run</c> costs above it is the program's own; what the floor costs, any .NET consumer pays.
/// </summary>
internal sealed class FloorProcess : IAsyncDisposable
{
    private readonly CancellationTokenSource _kill;
    private readonly CancellationTokenSource _interrupt;
    private readonly CommandTask<CommandResult> _task;

    private FloorProcess(CommandTask<CommandResult> task, CancellationTokenSource kill, CancellationTokenSource interrupt) =>
        (_task, _kill, _interrupt) = (task, kill, interrupt);

    /// <summary>Its process id.</summary>
    public int Id => _task.ProcessId;

    /// <summary>When it was started (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long StartedAt { get; private init; }

    /// <summary>Starts it on <paramref name="broker"/>, consuming from <paramref name="queue"/>.</summary>
    public static FloorProcess Start(Uri broker, string queue)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Brick.Benchmarks.Floor.dll");
        var started = Stopwatch.GetTimestamp();
        var kill = new CancellationTokenSource();
        var interrupt = new CancellationTokenSource();
        var task = Cli.Wrap("dotnet")
            .WithArguments([dll, broker.ToString(), queue])
            .WithEnvironmentVariables(new Dictionary<string, string?>(StringComparer.Ordinal) { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" })
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(kill.Token, interrupt.Token);
        return new FloorProcess(task, kill, interrupt) { StartedAt = started };
    }

    /// <summary>Waits until the broker shows a consumer on <paramref name="queue"/>; returns the time since the start.</summary>
    public async Task<TimeSpan> WaitUntilConsumingAsync(Uri broker, string queue, CancellationToken cancellationToken)
    {
        var connection = await new RabbitMQ.Client.ConnectionFactory { Uri = broker }.CreateConnectionAsync(cancellationToken);
        await using (connection)
        {
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (true)
            {
                if (_task.Task.IsCompleted)
                    throw new InvalidOperationException($"the floor program exited before consuming from {queue}");
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                try
                {
                    if ((await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).ConsumerCount > 0)
                        return Stopwatch.GetElapsedTime(StartedAt);
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    // Not declared yet.
                }

                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"the floor program does not consume from {queue} after 180 s");
                await Task.Delay(10, cancellationToken);
            }
        }
    }

    /// <summary>SIGINT, then up to 10 s to exit, then SIGKILL.</summary>
    public async ValueTask DisposeAsync()
    {
        await _interrupt.CancelAsync();
        _kill.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await _task;
        }
        catch (OperationCanceledException)
        {
            // Killed after the grace period, or stopped by the interrupt: either way it is gone.
        }

        _kill.Dispose();
        _interrupt.Dispose();
    }
}
