using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Programs;
using Brick.Engine.Requests;
using Brick.Simulation.Hosts;
using Brick.Simulation.StandIns;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Engine.Tests.Support;

/// <summary>The production engine on a simulated host, with bounds short enough for tests.</summary>
internal sealed class SimulatedEngine : IAsyncDisposable
{
    public const string HostName = "compute-07";

    /// <summary>
    /// Short bounds, but long enough for a success on a loaded CI machine (whose suites run side by side, QEMU guests
    /// included): the time limits a test does not mean to reach are 5 s for the paths and 10 s for a program, so that only
    /// the tests that wait for them to run out pay for them.
    /// </summary>
    public static EngineOptions FastOptions { get; } = new()
    {
        OperationTimeout = TimeSpan.FromSeconds(30),
        CommandTimeout = TimeSpan.FromSeconds(10),
        PathWaitTimeout = TimeSpan.FromSeconds(5),
        PollInitialDelay = TimeSpan.FromMilliseconds(5),
        PollMaxDelay = TimeSpan.FromMilliseconds(50),
        RescanReissueInterval = TimeSpan.FromMilliseconds(100),
        MultipathTimeoutWindow = TimeSpan.FromSeconds(1),
        MultipathRetryInitialDelay = TimeSpan.FromMilliseconds(20),
        MultipathRetryMaxDelay = TimeSpan.FromMilliseconds(100),
        SettleTimeout = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>
    /// An engine whose programs the simulated host answers in-process, or, with <paramref name="processes"/>, an engine
    /// that starts the host's stand-in executables through the production command runner (<see cref="ProcessRunner"/>).
    /// </summary>
    /// <param name="options">The engine's bounds; <see cref="FastOptions"/> by default.</param>
    /// <param name="processes">Whether the engine starts the stand-in executables through the production runner.</param>
    /// <param name="programs">Changes the program paths the engine is given (e.g. one that does not exist).</param>
    /// <param name="runner">Wraps the recording runner the engine is given (e.g. in one that misbehaves).</param>
    public SimulatedEngine(
        EngineOptions? options = null, bool processes = false, Func<ProgramPaths, ProgramPaths>? programs = null,
        Func<ICommandRunner, ICommandRunner>? runner = null)
    {
        Host = SimulatedHost.Create();
        ProcessRunner = new CliWrapCommandRunner(NullLogger<CliWrapCommandRunner>.Instance);
        Runner = Host.CreateCommandRunner(processes ? ProcessRunner : null);
        var paths = processes ? Host.Programs : SimulatedHost.Commands;
        var given = runner?.Invoke(Runner) ?? Runner;
        var observed = new ObservedRunner(given, command => RunnerSeen?.Invoke(command));
        Engine = new VolumeExtender(Host.Roots, programs?.Invoke(paths) ?? paths, observed, options ?? FastOptions, TimeProvider.System, Log);
    }

    /// <summary>Called after each command the engine ran has returned (a fault seen by the engine).</summary>
    public Action<CommandSpec>? RunnerSeen { get; set; }

    /// <summary>What the engine logged.</summary>
    public RecordingLogger<VolumeExtender> Log { get; } = new();

    public SimulatedHost Host { get; }

    public SimulatedCommandRunner Runner { get; }

    /// <summary>The production runner that starts processes, when the engine runs the stand-in executables.</summary>
    public CliWrapCommandRunner ProcessRunner { get; }

    public VolumeExtender Engine { get; }

    public ValidationResult Validate(VolumeExtended message) =>
        new RequestValidator(HostName).Validate(JsonSerializer.SerializeToElement(message, ContractJson.Options));

    public async Task<ExtendOutcome> ExtendAsync(VolumeExtended message)
    {
        var validation = Validate(message);
        Assert.True(validation.IsValid, $"{validation.Reason}: {validation.Detail}");
        return await Engine.ExtendAsync(validation.Request!, TestContext.Current.CancellationToken);
    }

    public int CallsTo(string program) => Runner.Calls.Count(c => c.Program == program);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>Tells <paramref name="after"/> of each command once it has returned.</summary>
internal sealed class ObservedRunner(ICommandRunner inner, Action<CommandSpec> after) : ICommandRunner
{
    public async Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.RunAsync(command, cancellationToken);
        }
        finally
        {
            after(command);
        }
    }
}
