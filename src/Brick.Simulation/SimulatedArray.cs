using System.Text.Json;
using Brick.Contracts;
using Brick.Engine.Requests;
using Microsoft.Extensions.Logging;

namespace Brick.Simulation;

/// <summary>
/// The storage array of a service on a simulated host (<c>demo</c>, <c>run --simulate</c>): a <see cref="SimulatedHost"/>
/// in a temp folder with a two-path multipath iSCSI volume (WWID <see cref="IscsiWwid"/>, 10 GiB) and, when asked, a
/// loop volume (<c>/dev/loop0</c>, 1 GiB). It grows a volume's LUN to the size a request asks for just before the
/// engine runs (as a real array has before its event is sent). The volumes' <c>connection</c> objects are logged at
/// start, for a control plane's own tests to send.
/// </summary>
public sealed partial class SimulatedArray : IAsyncDisposable
{
    /// <summary>The WWID of the simulated iSCSI volume (the one of the wire contract's example).</summary>
    public const string IscsiWwid = "3600a09803830447a4f244c4657616f6f";

    private readonly List<SimulatedVolume> _volumes = [];

    /// <summary>Lays out the host and logs its volumes.</summary>
    public SimulatedArray(ILogger<SimulatedArray> logger, bool withLoopVolume)
    {
        Host = SimulatedHost.Create();
        _volumes.Add(Host.AddIscsiVolume(10L << 30, paths: 2, multipath: true, wwid: IscsiWwid));
        if (withLoopVolume)
            _volumes.Add(Host.AddLoopVolume(1L << 30));
        foreach (var volume in _volumes)
            LogVolume(logger, volume.GuestDevice, volume.Lun.SizeBytes, JsonSerializer.Serialize(volume.Connection, ContractJson.Options));
    }

    /// <summary>The simulated host.</summary>
    public SimulatedHost Host { get; }

    /// <summary>The volumes attached to it.</summary>
    public IReadOnlyList<SimulatedVolume> Volumes => _volumes;

    /// <summary>Grows the LUN of the volume <paramref name="request"/> names to the size it asks for, if that is larger.</summary>
    public void GrowFor(ExtendRequest request)
    {
        var volume = _volumes.FirstOrDefault(v => Matches(v, request));
        if (volume is not null && volume.Lun.SizeBytes < request.NewSizeBytes)
            volume.Lun.Grow(request.NewSizeBytes);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private static bool Matches(SimulatedVolume volume, ExtendRequest request) => request.Target switch
    {
        LocalTarget local => volume.Connection.DriverVolumeType == "local" && local.DevicePath == $"/dev/{volume.GuestDevice}",
        IscsiTarget iscsi => volume.Connection.DriverVolumeType == "iscsi"
            && (request.Wwid is { } wwid ? wwid == volume.Lun.Wwid
                : volume.Connection.Data.GetProperty("target_iqns")[0].GetString() == iscsi.Paths[0].Iqn),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated volume on /dev/{Device} ({SizeBytes} bytes), connection: {Connection}")]
    private static partial void LogVolume(ILogger logger, string device, long sizeBytes, string connection);
}
