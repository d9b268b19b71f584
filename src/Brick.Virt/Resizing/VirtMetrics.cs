using System.Diagnostics.Metrics;
using Brick.Engine.Telemetry;

namespace Brick.Virt.Resizing;

/// <summary>
/// <c>brick-worker blockresize</c>'s instruments, on the worker's meter (<see cref="BrickMetrics.MeterName"/>), beside
/// the retries it shares with <c>run</c> (<c>brick.worker.retries</c>).
/// </summary>
public sealed class VirtMetrics
{
    /// <summary>Outcomes read: <c>result</c> = <c>done</c> (every disk resized or at the size), <c>unused</c> (no guest uses the device), <c>failed</c>, <c>invalid</c>.</summary>
    public const string Outcomes = "brick.blockresize.outcomes";

    /// <summary>Guest disks handled: <c>outcome</c> = <c>resized</c>, <c>unchanged</c> or <c>failed</c> (with <c>reason</c>).</summary>
    public const string Disks = "brick.blockresize.disks";

    /// <summary>How long one resize at the hypervisor took, in seconds.</summary>
    public const string ResizeDuration = "brick.blockresize.resize.duration";

    private readonly Counter<long> _outcomes;
    private readonly Counter<long> _disks;
    private readonly Histogram<double> _resizeDuration;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public VirtMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(BrickMetrics.MeterName);
        _outcomes = meter.CreateCounter<long>(Outcomes, "{outcome}", "HostVolumeResized outcomes read by blockresize, by result.");
        _disks = meter.CreateCounter<long>(Disks, "{disk}", "Guest disks handled by blockresize, by outcome.");
        _resizeDuration = meter.CreateHistogram<double>(ResizeDuration, "s", "Duration of one guest disk resize at the hypervisor.");
    }

    /// <summary>An outcome ended as <paramref name="result"/>.</summary>
    public void OutcomeRead(string result) => _outcomes.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <summary>A disk was resized after <paramref name="duration"/>.</summary>
    public void DiskResized(TimeSpan duration)
    {
        _disks.Add(1, new KeyValuePair<string, object?>("outcome", "resized"));
        _resizeDuration.Record(duration.TotalSeconds);
    }

    /// <summary>A disk already had the size.</summary>
    public void DiskUnchanged() => _disks.Add(1, new KeyValuePair<string, object?>("outcome", "unchanged"));

    /// <summary>A disk (or a guest) failed for <paramref name="reason"/>.</summary>
    public void DiskFailed(string reason) =>
        _disks.Add(1, new KeyValuePair<string, object?>("outcome", "failed"), new KeyValuePair<string, object?>("reason", reason));
}
