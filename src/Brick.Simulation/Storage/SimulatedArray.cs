using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Simulation.Devices;
using Brick.Simulation.Hosts;
using Brick.Simulation.Multipathd;
using Brick.Simulation.Scripting;
using Microsoft.Extensions.Logging;

namespace Brick.Simulation.Storage;

/// <summary>
/// The storage array of a service on a simulated host (<c>demo</c>, <c>run --simulate</c>): a <see cref="SimulatedHost"/>
/// in a temp folder with the volumes of its <see cref="SimulationScript"/> (by default a two-path multipath iSCSI volume,
/// WWID <see cref="SimulatedVolumeSpec.IscsiWwid"/>, 10 GiB, and a loop volume <c>/dev/loop0</c>, 1 GiB), whose connections are logged at
/// start. Before each try of the engine (<see cref="Serve"/>) it lays out the devices of a request it has never seen, at
/// half the requested size, plays the fault of the first rule that matches, and grows the volume's LUN to the requested
/// size (as a real array has before its event is sent) — unless the fault is that it does not.
/// </summary>
public sealed partial class SimulatedArray : IAsyncDisposable
{
    private const string AnyHost = "simulated-host";

    private readonly List<Served> _volumes = [];
    private readonly IReadOnlyList<SimulationRule> _rules;
    private readonly int[] _applied;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private int _tries;

    /// <summary>Lays out the default host (a two-path multipath iSCSI volume and a loop volume) and logs its volumes.</summary>
    public SimulatedArray(ILogger<SimulatedArray> logger)
        : this(SimulationScript.Default, logger)
    {
    }

    /// <summary>Lays out the host of <paramref name="script"/> and logs its volumes.</summary>
    internal SimulatedArray(SimulationScript script, ILogger<SimulatedArray> logger)
    {
        ArgumentNullException.ThrowIfNull(script);
        _logger = logger;
        _rules = script.RulesInOrder;
        if (_rules.Select((r, i) => r.Problem() is { } p ? $"rule {i} {p}" : null).FirstOrDefault(p => p is not null) is { } problem)
            throw new ArgumentException($"The simulation's {problem}.", nameof(script));
        _applied = new int[_rules.Count];
        Host = SimulatedHost.Create();
        foreach (var spec in script.VolumesAtStart)
        {
            var volume = spec.LayOut(Host);
            _volumes.Add(new Served(volume, Keys(TargetOf(volume))));
            LogVolume(logger, volume.GuestDevice, volume.Lun.SizeBytes, JsonSerializer.Serialize(volume.Connection, ContractJson.Options));
        }
    }

    /// <summary>The simulated host.</summary>
    public SimulatedHost Host { get; }

    /// <summary>The volumes attached to it: those laid out at start, then those laid out for requests.</summary>
    public IReadOnlyList<SimulatedVolume> Volumes { get { lock (_gate) return [.. _volumes.Select(v => v.Volume)]; } }

    /// <summary>How many tries the array has served.</summary>
    public int Tries => Volatile.Read(ref _tries);

    /// <summary>
    /// Readies the host for one try of <paramref name="request"/>: lays its devices out if the host has never seen
    /// them, plays (or takes back) the fault of the first rule that matches, and grows the LUN to the requested size.
    /// Returns the volume, or null for a <c>local</c> request naming a device of the host that is no volume of the array.
    /// </summary>
    internal SimulatedVolume? Serve(ExtendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_gate)
        {
            var attempt = ++_tries;
            var unknownDevice = request.Target is LocalTarget local && Host.HasDevicePath(local.DevicePath);
            var served = Find(request) ?? (unknownDevice ? null : LayOut(request));
            if (served is null)
                return null; // a device of the host that is no volume of the array: the engine finds it as it is
            var (rule, index) = Match(request.VolumeId, attempt);
            var fault = rule?.Fail;
            Play(served.Volume, fault, rule?.Multipathd ?? MultipathdReply.Fail, rule?.Delay ?? TimeSpan.Zero);
            if (rule is not null)
                LogRule(_logger, index, fault?.ToString() ?? "no fault", rule.Delay.TotalSeconds, request.VolumeId, attempt);
            if (fault != ResizeFailureReason.RescanTimeout && served.Volume.Lun.SizeBytes < request.NewSizeBytes)
                served.Volume.Lun.Grow(request.NewSizeBytes);
            return served.Volume;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Host.DisposeAsync();

    /// <summary>The volume the request names: one the array knows by its paths or namespace, or a device of the host at its <c>device_path</c>.</summary>
    private Served? Find(ExtendRequest request)
    {
        var keys = Keys(request.Target);
        if (_volumes.FirstOrDefault(v => v.Keys.Overlaps(keys)) is { } known)
            return known;
        if (request.Target is not LocalTarget local || !Host.HasDevicePath(local.DevicePath))
            return null;

        // A device of a volume the array knows by other names (a path or map named as a local device): that volume.
        var device = local.DevicePath[5..];
        var volume = _volumes.FirstOrDefault(v => v.Volume.Paths.Contains(device) || v.Volume.GuestDevice == device);
        if (volume is null)
            return null;
        volume.Keys.UnionWith(keys);
        return volume;
    }

    private Served LayOut(ExtendRequest request)
    {
        var size = Math.Max(512, request.NewSizeBytes / 2 / 512 * 512);
        var volume = Host.LayOut(request, size);
        var served = new Served(volume, Keys(request.Target));
        _volumes.Add(served);
        LogLaidOut(_logger, request.Target.DriverVolumeType, request.VolumeId, string.Join(", ", volume.Paths), volume.Map ?? volume.NvmeHead ?? "none", size);
        return served;
    }

    /// <summary>The first rule that matches and is not used up, counting this try against its <c>Times</c>.</summary>
    private (SimulationRule? Rule, int Index) Match(string volumeId, int attempt)
    {
        for (var i = 0; i < _rules.Count; i++)
        {
            var rule = _rules[i];
            if (!rule.Matches(volumeId, attempt) || (rule.Times is { } times && _applied[i] >= times))
                continue;
            _applied[i]++;
            return (rule, i);
        }

        return (null, -1);
    }

    /// <summary>Sets every fault of the volume on or off for this try: a fault of an earlier try is taken back.</summary>
    private void Play(SimulatedVolume volume, ResizeFailureReason? fault, MultipathdReply multipathd, TimeSpan delay)
    {
        Host.SetPathMissing(volume, fault == ResizeFailureReason.DeviceNotFound);
        Host.SetWwidWrong(volume, fault == ResizeFailureReason.WwidMismatch);
        Host.SetRescansSeen(volume, fault != ResizeFailureReason.RescanTimeout, delay);
        if (volume.Map is { } map)
            Host.SetMultipathdReply(map, fault == ResizeFailureReason.MultipathResizeFailed ? multipathd : null);
        if (fault == ResizeFailureReason.Unsupported || Host.CryptOf(volume) is not null)
            Host.SetCryptKeyRequired(volume, fault == ResizeFailureReason.Unsupported);
        foreach (var device in volume.Paths.Append(volume.GuestDevice).Append(Host.CryptOf(volume) ?? volume.GuestDevice).Distinct())
            Host.SetDeviceLatency(device, delay);
    }

    /// <summary>What identifies a volume's attachment: its paths (portal/IQN/LUN, port/LUN), its namespace, or its device path.</summary>
    private static HashSet<string> Keys(VolumeTarget target) => target switch
    {
        IscsiTarget iscsi => [.. iscsi.Paths.Select(p => $"iscsi {p.Portal} {p.Iqn} {p.Lun}")],
        FibreChannelTarget fc => [.. fc.Paths.Select(p => $"fc {p.Wwpn} {p.Lun}")],
        NvmeofTarget nvme => [.. new[] { nvme.Uuid, nvme.Nguid }.OfType<string>().Select(id => $"nvme {nvme.Nqn} {id}")],
        LocalTarget local => [$"local {local.DevicePath}"],
        _ => [],
    };

    /// <summary>The target a volume's own connection names, read as the worker reads a request.</summary>
    private static VolumeTarget TargetOf(SimulatedVolume volume)
    {
        var result = new RequestValidator(AnyHost).Validate(JsonSerializer.SerializeToElement(volume.Request(AnyHost, 512), ContractJson.Options));
        return result.Request?.Target ?? throw new InvalidOperationException($"The simulated volume's connection is not valid: {result.Detail}");
    }

    private sealed record Served(SimulatedVolume Volume, HashSet<string> Keys);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated volume on /dev/{Device} ({SizeBytes} bytes), connection: {Connection}")]
    private static partial void LogVolume(ILogger logger, string device, long sizeBytes, string connection);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Simulated {Type} volume laid out for {VolumeId}: paths {Paths}, map or head {Top}, {SizeBytes} bytes")]
    private static partial void LogLaidOut(ILogger logger, string type, string volumeId, string paths, string top, long sizeBytes);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Simulation rule {Rule} plays {Fault} (delay {DelaySeconds} s) on {VolumeId}, try {Try} of the host")]
    private static partial void LogRule(ILogger logger, int rule, string fault, double delaySeconds, string volumeId, int @try);
}
