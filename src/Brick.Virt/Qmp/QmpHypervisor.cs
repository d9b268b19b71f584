using Brick.Virt.Guests;
using Microsoft.Extensions.Logging;

namespace Brick.Virt.Qmp;

/// <summary>
/// Guests as a directory of QMP sockets: each <c>*.qmp</c> or <c>*.sock</c> in <paramref name="directory"/> is one
/// guest, named by the file without its extension. The directory is read again for every outcome, so a guest started
/// later is picked up. Guests are asked side by side, each conversation bounded by <paramref name="timeout"/>, so one
/// that hangs delays the others by that much at most. A socket whose name is not printable ASCII without spaces is no
/// guest (its name would go into log lines and outcomes as the domain).
/// </summary>
internal sealed partial class QmpHypervisor(string directory, TimeSpan timeout, ILogger<QmpHypervisor> logger) : IHypervisor
{
    /// <inheritdoc />
    public string Name => $"qmp {directory}";

    /// <inheritdoc />
    public async Task<GuestListing> ListDisksAsync(CancellationToken cancellationToken)
    {
        var sockets = Sockets();
        var answers = await Task.WhenAll(sockets.Select(s => AskAsync(s.Domain, s.Path, cancellationToken)));
        var disks = answers.SelectMany(a => a.Disks).ToList();
        var problems = answers.Select(a => a.Problem).OfType<GuestProblem>().ToList();
        return new GuestListing(disks, problems);
    }

    /// <inheritdoc />
    public async Task ResizeAsync(GuestDisk disk, long sizeBytes, CancellationToken cancellationToken)
    {
        var path = Sockets().FirstOrDefault(s => s.Domain == disk.Domain).Path
            ?? throw HypervisorException.Gone($"The QMP socket of {disk.Domain} is no longer in {directory}.");
        await using var qmp = await QmpConnection.OpenAsync(path, timeout, cancellationToken);
        await qmp.ExecuteAsync("block_resize", QmpBlockDevices.ResizeArguments(disk, sizeBytes), cancellationToken);
    }

    private async Task<(IReadOnlyList<GuestDisk> Disks, GuestProblem? Problem)> AskAsync(string domain, string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var qmp = await QmpConnection.OpenAsync(path, timeout, cancellationToken);
            return (QmpBlockDevices.Parse(domain, await qmp.ExecuteAsync("query-block", null, cancellationToken)), null);
        }
        catch (HypervisorException e) when (e.Reason == Contracts.GuestResizeFailureReason.GuestGone)
        {
            // A socket left behind by a guest that has stopped: no guest, no disks.
            LogStale(domain, e.Message);
            return ([], null);
        }
        catch (HypervisorException e)
        {
            return ([], new GuestProblem(domain, e));
        }
    }

    private IReadOnlyList<(string Domain, string Path)> Sockets() =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory)
                .Where(p => p.EndsWith(".qmp", StringComparison.Ordinal) || p.EndsWith(".sock", StringComparison.Ordinal))
                .Where(p => Brick.Service.Inbound.InboundIds.IsSafe(Path.GetFileName(p))) // its name goes into logs and outcomes
                .Order(StringComparer.Ordinal)
                .Select(p => (Path.GetFileNameWithoutExtension(p), p))]
            : [];

    [LoggerMessage(Level = LogLevel.Debug, Message = "Guest {Domain} has no live monitor: {Detail}")]
    private partial void LogStale(string domain, string detail);
}
