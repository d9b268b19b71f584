using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Operations;
using Brick.Engine.Outcomes;
using Brick.Engine.Requests;
using Brick.Simulation.Devices;
using Brick.Simulation.Hosts;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brick.Benchmarks;

/// <summary>The engine alone on a simulated host (no broker): discovery, programs per event, waiting for a late kernel.</summary>
public static class EngineBenchmarks
{
    private const string Host = "bench-host";

    /// <summary>
    /// The median time of the discover step for one 2-path multipath volume on a host with <paramref name="devices"/>
    /// block devices: the others are 4-path multipath iSCSI volumes (4 SCSI disks with their <c>/dev/disk/by-path</c>
    /// entries and a map each, as on a busy compute host), the rest loop devices.
    /// </summary>
    public static async Task<double> DiscoveryMedianMsAsync(int devices, int runs, CancellationToken cancellationToken)
    {
        await using var host = SimulatedHost.Create();
        var volume = host.AddIscsiVolume(10L << 30, paths: 2, multipath: true);
        var added = 3;
        for (; added + 5 <= devices; added += 5)
            host.AddIscsiVolume(1L << 30, paths: 4, multipath: true);
        for (; added < devices; added++)
            host.AddLoopVolume(1L << 30);
        var engine = Engine(host);
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var outcome = await ExtendAsync(engine, volume, 10L << 30, cancellationToken);
            times.Add(outcome.Steps.Single(s => s.Name == "discover").Duration.TotalMilliseconds);
        }

        return Percentiles.Of(times, 50);
    }

    /// <summary>Programs started per event for a 2-path multipath volume: grown each time, then already at the size.</summary>
    public static async Task<(double Grown, double AlreadySized)> SpawnsPerEventAsync(int events, CancellationToken cancellationToken)
    {
        await using var host = SimulatedHost.Create();
        var volume = host.AddIscsiVolume(10L << 30, paths: 2, multipath: true);
        var runner = host.CreateCommandRunner();
        var engine = new VolumeExtender(host.Roots, SimulatedHost.Commands, runner, new EngineOptions(), TimeProvider.System, NullLogger<VolumeExtender>.Instance);
        for (var i = 1; i <= events; i++)
        {
            volume.Lun.Grow((10L + i) << 30);
            Require(await ExtendAsync(engine, volume, (10L + i) << 30, cancellationToken));
        }

        var grown = runner.Calls.Count / (double)events;
        var before = runner.Calls.Count;
        for (var i = 0; i < events; i++)
            Require(await ExtendAsync(engine, volume, (10L + events) << 30, cancellationToken));
        return (grown, (runner.Calls.Count - before) / (double)events);
    }

    /// <summary>
    /// From the new size appearing in sysfs to the engine's outcome, with the kernel late by 0–2 s on both paths (the
    /// production poll bounds): the end of wait-paths minus (the end of the rescan + the delay).
    /// </summary>
    public static async Task<IReadOnlyList<double>> WaitingLagsMsAsync(int events, CancellationToken cancellationToken)
    {
        await using var host = SimulatedHost.Create();
        var volume = host.AddIscsiVolume(10L << 30, paths: 2, multipath: true);
        var engine = Engine(host);
        var random = new Random(11);
        var lags = new List<double>();
        for (var i = 1; i <= events; i++)
        {
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 2000));
            foreach (var path in volume.Paths)
                host.ScsiPath(path).Behaviour = PathBehaviour.Delayed(delay);
            volume.Lun.Grow((10L + i) << 30);
            var outcome = Require(await ExtendAsync(engine, volume, (10L + i) << 30, cancellationToken));
            var rescan = outcome.Steps.Single(s => s.Name == "rescan");
            var wait = outcome.Steps.Single(s => s.Name == "wait-paths");
            lags.Add((wait.Start + wait.Duration - (rescan.Start + rescan.Duration + delay)).TotalMilliseconds);
        }

        return lags;
    }

    private static VolumeExtender Engine(SimulatedHost host) =>
        new(host.Roots, SimulatedHost.Commands, host.CreateCommandRunner(), new EngineOptions(), TimeProvider.System, NullLogger<VolumeExtender>.Instance);

    private static ExtendOutcome Require(ExtendOutcome outcome) =>
        outcome.Succeeded ? outcome : throw new InvalidOperationException($"The benchmark's extend failed: {outcome.Reason}: {outcome.Detail}");

    private static Task<ExtendOutcome> ExtendAsync(VolumeExtender engine, SimulatedVolume volume, long size, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator(Host).Validate(
            JsonSerializer.SerializeToElement(volume.Request(Host, size), ContractJson.Options));
        return engine.ExtendAsync(validation.Request ?? throw new InvalidOperationException(validation.Detail), cancellationToken);
    }
}
