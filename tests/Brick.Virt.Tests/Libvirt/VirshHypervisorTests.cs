using Brick.Contracts;
using Brick.Engine.Programs;
using Brick.Virt.Guests;
using Brick.Virt.Libvirt;

namespace Brick.Virt.Tests.Libvirt;

public sealed class VirshHypervisorTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Uuid = "4f2a9c3e-1b7d-4e8a-9f60-2c5d8e7a1b34";

    [Fact]
    public async Task The_disks_come_from_list_domblklist_and_domblkinfo_by_uuid_and_the_size_is_given_in_bytes()
    {
        var virsh = new ScriptedVirsh();
        var hypervisor = new VirshHypervisor("/usr/bin/virsh", "qemu:///system", TimeSpan.FromSeconds(3), virsh);

        var listing = await hypervisor.ListDisksAsync(Cancel);
        await hypervisor.ResizeAsync(listing.Disks[0], 83886080, Cancel);

        Assert.Equal(new GuestDisk("web-1", "vda", "/dev/loop0", 67108864, Uuid), Assert.Single(listing.Disks));
        Assert.Equal(
            [
                "-c qemu:///system list --uuid",
                $"-c qemu:///system domname --domain {Uuid}",
                $"-c qemu:///system domblklist --domain {Uuid} --details",
                $"-c qemu:///system domblkinfo --domain {Uuid} --device vda",
                $"-c qemu:///system blockresize --domain {Uuid} --path vda --size 83886080B",
            ],
            virsh.Calls);
        Assert.All(virsh.Timeouts, t => Assert.Equal(TimeSpan.FromSeconds(3), t));
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("--all")]
    [InlineData("42")]
    public async Task A_domain_named_like_an_option_or_an_id_is_addressed_by_its_uuid_only(string name)
    {
        var virsh = new ScriptedVirsh { Name = name + "\n" };
        var hypervisor = new VirshHypervisor("/usr/bin/virsh", "qemu:///system", TimeSpan.FromSeconds(3), virsh);

        var disk = Assert.Single((await hypervisor.ListDisksAsync(Cancel)).Disks);
        await hypervisor.ResizeAsync(disk, 83886080, Cancel);

        Assert.Equal((name, Uuid), (disk.Domain, disk.DomainUuid));
        Assert.All(virsh.Arguments, arguments => Assert.DoesNotContain(name, arguments));
        Assert.All(virsh.Arguments.Skip(1), arguments => Assert.Equal(["--domain", Uuid], arguments[3..5]));
    }

    [Theory]
    [InlineData("web\u2028forged")]
    [InlineData("web\u202Egnp.exe")]
    [InlineData("web 1")]
    public async Task A_domain_name_that_could_forge_a_log_line_is_reported_by_its_uuid(string name)
    {
        var virsh = new ScriptedVirsh { Name = System.Text.RegularExpressions.Regex.Unescape(name) + "\n" };
        var hypervisor = new VirshHypervisor("/usr/bin/virsh", "qemu:///system", TimeSpan.FromSeconds(3), virsh);

        Assert.Equal(Uuid, Assert.Single((await hypervisor.ListDisksAsync(Cancel)).Disks).Domain);
    }

    [Fact]
    public async Task A_line_of_the_domain_list_that_is_no_uuid_asks_nothing()
    {
        var virsh = new ScriptedVirsh { List = "-x\n42\n--all\n\n" };
        var hypervisor = new VirshHypervisor("/usr/bin/virsh", "qemu:///system", TimeSpan.FromSeconds(3), virsh);

        var listing = await hypervisor.ListDisksAsync(Cancel);

        Assert.Empty(listing.Disks);
        Assert.Equal(["-c qemu:///system list --uuid"], virsh.Calls);
    }

    [Fact]
    public async Task A_domain_that_vanishes_between_lookup_and_resize_is_gone()
    {
        var virsh = new ScriptedVirsh { Resize = new CommandResult(1, "", "error: failed to get domain 'web-1'", TimeSpan.Zero) };
        var hypervisor = new VirshHypervisor("/usr/bin/virsh", "qemu:///system", TimeSpan.FromSeconds(3), virsh);
        var disk = Assert.Single((await hypervisor.ListDisksAsync(Cancel)).Disks);

        var error = await Assert.ThrowsAsync<HypervisorException>(() => hypervisor.ResizeAsync(disk, 83886080, Cancel));

        Assert.Equal(GuestResizeFailureReason.GuestGone, error.Reason);
    }

    [Fact]
    public async Task A_virsh_that_does_not_return_is_a_timeout()
    {
        var virsh = new ScriptedVirsh { Resize = new CommandResult(-1, "", "killed after 3 s", TimeSpan.FromSeconds(3), TimedOut: true) };
        var hypervisor = new VirshHypervisor("/usr/bin/virsh", "qemu:///system", TimeSpan.FromSeconds(3), virsh);
        var disk = Assert.Single((await hypervisor.ListDisksAsync(Cancel)).Disks);

        var error = await Assert.ThrowsAsync<HypervisorException>(() => hypervisor.ResizeAsync(disk, 83886080, Cancel));

        Assert.Equal(GuestResizeFailureReason.HypervisorTimeout, error.Reason);
    }

    [Fact]
    public async Task A_domain_that_stops_while_listed_has_no_disks_and_no_problem()
    {
        var virsh = new ScriptedVirsh { Blklist = new CommandResult(1, "", "error: failed to get domain 'web-1'", TimeSpan.Zero) };
        var hypervisor = new VirshHypervisor("/usr/bin/virsh", "qemu:///system", TimeSpan.FromSeconds(3), virsh);

        var listing = await hypervisor.ListDisksAsync(Cancel);

        Assert.Empty(listing.Disks);
        Assert.Empty(listing.Unanswered);
    }

    /// <summary>Answers as virsh 9.0 did here for one running domain with one block disk.</summary>
    private sealed class ScriptedVirsh : ICommandRunner
    {
        public List<string> Calls { get; } = [];

        public List<TimeSpan> Timeouts { get; } = [];

        public List<string[]> Arguments { get; } = [];

        public string List { get; init; } = Uuid + "\n\n";

        public string Name { get; init; } = "web-1\n\n";

        public CommandResult Blklist { get; init; } = Ok(" Type    Device   Target   Source\n---------------------------------------\n block   disk     vda      /dev/loop0\n\n");

        public CommandResult Resize { get; init; } = Ok("Block device 'vda' is resized\n");

        public Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
        {
            Assert.Equal("/usr/bin/virsh", command.Program);
            Calls.Add(string.Join(' ', command.Arguments));
            Arguments.Add([.. command.Arguments]);
            Timeouts.Add(command.Timeout);
            return Task.FromResult(command.Arguments[2] switch
            {
                "list" => Ok(List),
                "domname" => Ok(Name),
                "domblklist" => Blklist,
                "domblkinfo" => Ok("Capacity:       67108864\nAllocation:     0\nPhysical:       67108864\n\n"),
                "blockresize" => Resize,
                var other => throw new InvalidOperationException($"virsh {other} was not expected"),
            });
        }

        private static CommandResult Ok(string stdout) => new(0, stdout, "", TimeSpan.FromMilliseconds(20));
    }
}
