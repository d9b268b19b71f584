using System.Globalization;
using Brick.Engine.Programs;
using Brick.Service.Inbound;
using Brick.Virt.Guests;

namespace Brick.Virt.Libvirt;

/// <summary>
/// Guests as libvirt's running domains, through <c>virsh -c URI</c> (run by the engine's <see cref="ICommandRunner"/>:
/// CliWrap, an argument array, a time limit): <c>list --uuid</c>, then per domain <c>domname</c>, <c>domblklist
/// --details</c> and <c>domblkinfo</c> to find the disks and their sizes, <c>blockresize --size SIZEB</c> to resize one.
/// A domain is always named by its UUID and every operand by its option (<c>--domain</c>, <c>--device</c>,
/// <c>--path</c>, <c>--size</c>): a bare name such as <c>-x</c> would parse as an option and a number as a domain id.
/// virsh 9.0 takes the size as a scaled integer, KiB by default: the <c>B</c> suffix makes it bytes; it is what Nova's
/// <c>virDomainBlockResize</c> with <c>VIR_DOMAIN_BLOCK_RESIZE_BYTES</c> does.
/// </summary>
internal sealed class VirshHypervisor(string virsh, string uri, TimeSpan timeout, ICommandRunner runner) : IHypervisor
{
    /// <inheritdoc />
    public string Name => $"libvirt {uri}";

    /// <inheritdoc />
    public async Task<GuestListing> ListDisksAsync(CancellationToken cancellationToken)
    {
        var list = await RunAsync(["list", "--uuid"], "(all)", cancellationToken);
        var answers = await Task.WhenAll(VirshOutput.DomainUuids(list).Select(d => AskAsync(d, cancellationToken)));
        return new GuestListing([.. answers.SelectMany(a => a.Disks)], [.. answers.Select(a => a.Problem).OfType<GuestProblem>()]);
    }

    /// <inheritdoc />
    public Task ResizeAsync(GuestDisk disk, long sizeBytes, CancellationToken cancellationToken)
    {
        var uuid = disk.DomainUuid ?? throw HypervisorException.Gone($"{disk.Domain} has no libvirt UUID: it was not listed by this backend.");
        return RunAsync(
            ["blockresize", "--domain", uuid, "--path", disk.Disk, "--size", sizeBytes.ToString(CultureInfo.InvariantCulture) + "B"],
            disk.Domain, cancellationToken);
    }

    private async Task<(IReadOnlyList<GuestDisk> Disks, GuestProblem? Problem)> AskAsync(string uuid, CancellationToken cancellationToken)
    {
        var domain = uuid;
        try
        {
            // The name is for people (logs, outcomes); one that is not printable ASCII is replaced by the UUID.
            var name = (await RunAsync(["domname", "--domain", uuid], uuid, cancellationToken)).Trim();
            domain = InboundIds.IsSafe(name) ? name : uuid;
            var disks = new List<GuestDisk>();
            foreach (var (target, source) in VirshOutput.Disks(await RunAsync(["domblklist", "--domain", uuid, "--details"], domain, cancellationToken)))
            {
                var info = await RunAsync(["domblkinfo", "--domain", uuid, "--device", target], domain, cancellationToken);
                var capacity = VirshOutput.Capacity(info)
                    ?? throw HypervisorException.Failed($"virsh domblkinfo of {domain} {target} printed no capacity.");
                disks.Add(new GuestDisk(domain, target, source, capacity, uuid));
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
