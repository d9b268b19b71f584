using System.Globalization;
using Brick.Engine.Programs;
using Brick.Virt.Guests;

namespace Brick.Virt.Libvirt;

/// <summary>
/// Guests as libvirt's running domains, through <c>virsh -c URI</c> (run by the engine's <see cref="ICommandRunner"/>:
/// CliWrap, an argument array, a time limit): <c>list --name</c>, <c>domblklist DOMAIN --details</c> and
/// <c>domblkinfo DOMAIN TARGET</c> to find the disks and their sizes, <c>blockresize DOMAIN TARGET SIZEB</c> to resize
/// one (virsh 9.0 takes the size as a scaled integer, KiB by default: the <c>B</c> suffix makes it bytes; it is what
/// Nova's <c>virDomainBlockResize</c> with <c>VIR_DOMAIN_BLOCK_RESIZE_BYTES</c> does).
/// </summary>
internal sealed class VirshHypervisor(string virsh, string uri, TimeSpan timeout, ICommandRunner runner) : IHypervisor
{
    /// <inheritdoc />
    public string Name => $"libvirt {uri}";

    /// <inheritdoc />
    public async Task<GuestListing> ListDisksAsync(CancellationToken cancellationToken)
    {
        var list = await RunAsync(["list", "--name"], "(all)", cancellationToken);
        var answers = await Task.WhenAll(VirshOutput.DomainNames(list).Select(d => AskAsync(d, cancellationToken)));
        return new GuestListing([.. answers.SelectMany(a => a.Disks)], [.. answers.Select(a => a.Problem).OfType<GuestProblem>()]);
    }

    /// <inheritdoc />
    public Task ResizeAsync(GuestDisk disk, long sizeBytes, CancellationToken cancellationToken) =>
        RunAsync(["blockresize", disk.Domain, disk.Disk, sizeBytes.ToString(CultureInfo.InvariantCulture) + "B"], disk.Domain, cancellationToken);

    private async Task<(IReadOnlyList<GuestDisk> Disks, GuestProblem? Problem)> AskAsync(string domain, CancellationToken cancellationToken)
    {
        try
        {
            var disks = new List<GuestDisk>();
            foreach (var (target, source) in VirshOutput.Disks(await RunAsync(["domblklist", domain, "--details"], domain, cancellationToken)))
            {
                var info = await RunAsync(["domblkinfo", domain, target], domain, cancellationToken);
                var capacity = VirshOutput.Capacity(info)
                    ?? throw HypervisorException.Failed($"virsh domblkinfo {domain} {target} printed no capacity.");
                disks.Add(new GuestDisk(domain, target, source, capacity));
            }

            return (disks, null);
        }
        catch (HypervisorException e) when (e.Reason == Contracts.GuestResizeFailureReason.GuestGone)
        {
            return ([], null); // stopped since it was listed
        }
        catch (HypervisorException e)
        {
            return ([], new GuestProblem(domain, e));
        }
    }

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, string domain, CancellationToken cancellationToken)
    {
        var command = new CommandSpec(virsh, ["-c", uri, .. arguments], timeout);
        var result = await runner.RunAsync(command, cancellationToken);
        if (result.Succeeded)
            return result.StandardOutput;
        var what = $"virsh {string.Join(' ', arguments)} (domain {domain}) {result.Describe()}";
        if (result.TimedOut)
            throw HypervisorException.TimedOut(what);
        throw VirshOutput.SaysGone(result.StandardError) ? HypervisorException.Gone(what) : HypervisorException.Failed(what);
    }
}
