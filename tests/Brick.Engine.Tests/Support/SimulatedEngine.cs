using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Programs;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Engine.Tests.Support;

/// <summary>The production engine on a simulated host, with bounds short enough for tests.</summary>
internal sealed class SimulatedEngine : IAsyncDisposable
{
    public const string HostName = "compute-07";

    public static EngineOptions FastOptions { get; } = new()
    {
        OperationTimeout = TimeSpan.FromSeconds(20),
        CommandTimeout = TimeSpan.FromSeconds(2),
        PathWaitTimeout = TimeSpan.FromSeconds(1.5),
        PollInitialDelay = TimeSpan.FromMilliseconds(5),
        PollMaxDelay = TimeSpan.FromMilliseconds(50),
        RescanReissueInterval = TimeSpan.FromMilliseconds(100),
        MultipathTimeoutWindow = TimeSpan.FromSeconds(1),
        MultipathRetryInitialDelay = TimeSpan.FromMilliseconds(20),
        MultipathRetryMaxDelay = TimeSpan.FromMilliseconds(100),
        SettleTimeout = TimeSpan.FromMilliseconds(500),
    };

    public SimulatedEngine(EngineOptions? options = null, ICommandRunner? fallback = null, ProgramPaths? commands = null)
    {
        Host = SimulatedHost.Create();
        Runner = Host.CreateCommandRunner(fallback);
        Engine = new VolumeExtender(Host.Roots, commands ?? SimulatedHost.Commands, Runner, options ?? FastOptions, TimeProvider.System,
            NullLogger<VolumeExtender>.Instance);
    }

    public SimulatedHost Host { get; }

    public SimulatedCommandRunner Runner { get; }

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
