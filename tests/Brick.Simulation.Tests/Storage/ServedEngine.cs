using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Simulation.Hosts;
using Brick.Simulation.Scripting;
using Brick.Simulation.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Simulation.Tests.Storage;

/// <summary>
/// The production engine behind a <see cref="SimulatedArray"/> of a script, as <c>run --simulate</c> composes them: each
/// try is served by the array first (layout, fault, growth), then run by the engine, which meets what the host shows.
/// </summary>
internal sealed class ServedEngine : IAsyncDisposable
{
    /// <summary>The compute host the requests name.</summary>
    public const string HostName = "compute-07";

    /// <summary>
    /// Short bounds, but long enough for a success on a loaded CI machine: the time limits a test does not mean to reach
    /// are 5 s for the paths and 10 s for a program, so that only the tests that wait for them to run out pay for them.
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

    public ServedEngine(SimulationScript script, EngineOptions? options = null)
    {
        Array = new SimulatedArray(script, NullLogger<SimulatedArray>.Instance);
        Runner = Array.Host.CreateCommandRunner();
        Engine = new VolumeExtender(Array.Host.Roots, SimulatedHost.Commands, Runner, options ?? FastOptions, TimeProvider.System,
            NullLogger<VolumeExtender>.Instance);
    }

    public SimulatedArray Array { get; }

    public SimulatedCommandRunner Runner { get; }

    public VolumeExtender Engine { get; }

    /// <summary>One try of a request, as a control plane would publish it.</summary>
    public async Task<ExtendOutcome> TryAsync(string volumeId, long newSizeBytes, string driverVolumeType, object data)
    {
        var message = new VolumeExtended(volumeId, HostName, null, newSizeBytes, VolumeConnection.From(driverVolumeType, data));
        var validation = new RequestValidator(HostName).Validate(JsonSerializer.SerializeToElement(message, ContractJson.Options));
        Assert.True(validation.IsValid, $"{validation.Reason}: {validation.Detail}");
        Array.Serve(validation.Request!);
        return await Engine.ExtendAsync(validation.Request!, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => Array.DisposeAsync();
}

/// <summary>Connections as control planes send them, for volumes the simulated host has never seen.</summary>
internal static class Connections
{
    public const string Wwid = "36001405aabbccddeeff001122334455";

    public static object Iscsi(string iqnSuffix = "vol-a", int paths = 2, bool multipath = true, string wwid = Wwid)
    {
        var portals = Enumerable.Range(0, paths).Select(i => $"198.51.100.{20 + i}:3260").ToList();
        var data = new Dictionary<string, object>
        {
            ["target_portals"] = portals,
            ["target_iqns"] = portals.Select(_ => $"iqn.2004-04.com.example:{iqnSuffix}").ToList(),
            ["target_luns"] = portals.Select(_ => 3).ToList(),
            ["scsi_wwn"] = wwid,
        };
        if (multipath)
            data["multipath_id"] = wwid;
        return data;
    }
}
