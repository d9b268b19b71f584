using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Engine.Tests.Support;
using Brick.Simulation.Hosts;
using Brick.Simulation.Scripting;
using Brick.Simulation.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Engine.Tests.Simulation;

/// <summary>
/// The production engine behind a <see cref="SimulatedArray"/> of a script, as <c>run --simulate</c> composes them: each
/// try is served by the array first (layout, fault, growth), then run by the engine, which meets what the host shows.
/// </summary>
internal sealed class ServedEngine : IAsyncDisposable
{
    public ServedEngine(SimulationScript script, Brick.Engine.Core.EngineOptions? options = null)
    {
        Array = new SimulatedArray(script, NullLogger<SimulatedArray>.Instance);
        Runner = Array.Host.CreateCommandRunner();
        Engine = new VolumeExtender(Array.Host.Roots, SimulatedHost.Commands, Runner, options ?? SimulatedEngine.FastOptions, TimeProvider.System,
            NullLogger<VolumeExtender>.Instance);
    }

    public SimulatedArray Array { get; }

    public SimulatedCommandRunner Runner { get; }

    public VolumeExtender Engine { get; }

    /// <summary>One try of a request, as a control plane would publish it.</summary>
    public async Task<ExtendOutcome> TryAsync(string volumeId, long newSizeBytes, string driverVolumeType, object data)
    {
        var message = new VolumeExtended(volumeId, SimulatedEngine.HostName, null, newSizeBytes, VolumeConnection.From(driverVolumeType, data));
        var validation = new RequestValidator(SimulatedEngine.HostName).Validate(JsonSerializer.SerializeToElement(message, ContractJson.Options));
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
