using Brick.Simulation.Hosts;
using Brick.Simulation.StandIns;
using Brick.Testing;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// What the tests that run <c>brick-worker run</c> as a process (<see cref="WorkerProcess"/>) on a
/// <see cref="SimulatedHost"/> share: its settings, and waiting until it consumes.
/// </summary>
public static class ProcessWorker
{
    /// <summary>
    /// Starts <c>brick-worker run</c> (or <paramref name="command"/>) with <paramref name="settings"/> (names without the
    /// <c>Brick:</c> prefix, given as <c>Brick__*</c> variables: nothing secret on its command line), in
    /// <paramref name="workingDirectory"/>, its output also appended to <paramref name="log"/>. It dies with the test
    /// process (a test run killed from outside leaves no worker consuming and holding locks).
    /// </summary>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> settings, string workingDirectory, string log, string command = "run") =>
        WorkerProcess.Start([command], new WorkerStart
        {
            Settings = settings,
            WorkingDirectory = workingDirectory,
            Log = log,
            DieWithTestProcess = true,
        });

    /// <summary>
    /// The settings of a worker for <paramref name="hostName"/> on <paramref name="host"/>'s stand-in programs,
    /// connecting with <paramref name="broker"/>, its host lock files under <paramref name="directory"/>.
    /// </summary>
    public static Dictionary<string, string> Settings(SimulatedHost host, string hostName, Uri broker, string directory) => new()
    {
        ["Host"] = hostName,
        ["Broker"] = broker.ToString(),
        ["SysRoot"] = host.Roots.SysRoot,
        ["DevRoot"] = host.Roots.DevRoot,
        ["Multipathd"] = host.Programs.Multipathd,
        ["Cryptsetup"] = host.Programs.Cryptsetup,
        ["Losetup"] = host.Programs.Losetup,
        ["LockDirectory"] = Path.Combine(directory, "locks"),
        ["RetryInitialDelay"] = "00:00:00.200",
        ["RetryMaxDelay"] = "00:00:01",
        ["ShutdownTimeout"] = "00:00:02",
    };

    /// <summary>Waits until <paramref name="queue"/> has a consumer (the worker declared, bound and consumes it).</summary>
    public static async Task WaitUntilConsumedAsync(BrokerFixture broker, string queue, WorkerProcess worker)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        await using var connection = await broker.ConnectAsync();
        while (true)
        {
            Assert.False(worker.HasExited, $"the worker exited: {worker.Tail()}");
            Assert.True(DateTime.UtcNow < deadline, $"the worker did not consume {queue} within 60 s: {worker.Tail()}");
            await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
            try
            {
                if (await channel.ConsumerCountAsync(queue, TestContext.Current.CancellationToken) > 0)
                    return;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode is 404 or 541)
            {
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Deletes the queues and exchanges a worker for <paramref name="hostName"/> declared.</summary>
    public static Task RemoveAsync(BrokerFixture broker, string hostName)
    {
        string[] names = [Brick.Contracts.EntityNames.WorkerQueue(hostName), Brick.Contracts.EntityNames.ErrorQueue(hostName),
            $"{Brick.Contracts.EntityNames.WorkerQueue(hostName)}_skipped"];
        return broker.RemoveAsync(names, names);
    }
}
