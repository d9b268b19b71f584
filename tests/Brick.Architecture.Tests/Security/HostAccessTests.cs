using Mono.Cecil.Cil;

namespace Brick.Architecture.Tests.Security;

/// <summary>
/// What the worker, running as root, may do to its host — read from the built assemblies, so that code that adds a
/// file it writes, a sysfs attribute, a program or a socket fails here until docs/security.md and these lists say so.
/// The assemblies are those that run on a real host: the contracts, the engine, the service, blockresize's
/// (<c>Brick.Virt</c>: virsh, QMP sockets), cinder-bridge's, the operator's tools (<c>Brick.Tools</c>: check's program
/// versions, decommission's saved messages) and the executable (<c>Brick.Simulation</c>, the simulated
/// host of <c>demo</c> and <c>run --simulate</c>, writes its own temp tree; <c>Brick.Worker.Testcontainers</c> runs in a
/// control plane's tests, never on a host).
/// </summary>
public sealed class HostAccessTests
{
    private static readonly string[] RealHost = ["Brick.Contracts", "Brick.Engine", "Brick.Service", "Brick.Virt", "Brick.Cinder", "Brick.Tools", "brick-worker"];

    /// <summary>The only methods that may write to the file system, and what they write.</summary>
    private static readonly Dictionary<string, string> Writers = new(StringComparer.Ordinal)
    {
        ["Brick.Engine.Kernel.RootedTree.WriteExisting"] = "an existing sysfs attribute under the configured root, never created or truncated",
        ["Brick.Engine.Operations.HostLockFiles.AcquireAsync"] = "the host lock files (flock) volume-<hash>.lock and device-<name>.lock in LockDirectory, made empty if missing (and the directory, mode 0700), never written to or deleted",
        ["Brick.Service.Messaging.DeliveryRecords.Started"] = "the directory LockDirectory/deliveries, mode 0700, made where missing",
        ["Brick.Service.Messaging.DeliveryRecords.Write"] = "the delivery record LockDirectory/deliveries/<sha256 of the body> of a message being worked on: the attempts cut short, the process working on it, and the reason of a failure already published before a refused move",
        ["Brick.Service.Composition.LockDirectoryMode.Enforce"] = "at start, LockDirectory and LockDirectory/deliveries: made if missing, and their mode set to 0700 where it was wider",
        ["Brick.Service.Messaging.DeliveryRecords.Forget"] = "that delivery record, removed when its message ends",
        ["Brick.Tools.Decommission.HostDecommissioner.RunAsync"] = "decommission only, an operator's command: the --save file, created new (never one that exists), the messages of a host that left",
        ["Brick.Worker.Cli.SimulatedHypervisor.StartAsync"] = "blockresize --simulate only: a temporary folder for the stand-in guest's QMP socket",
        ["Brick.Worker.Cli.SimulatedHypervisor.DisposeAsync"] = "blockresize --simulate only: that temporary folder, removed",
    };

    /// <summary>The only methods that write a sysfs attribute, and the attribute each writes (always <c>1</c>).</summary>
    private static readonly Dictionary<string, string> AttributeWriters = new(StringComparer.Ordinal)
    {
        ["Brick.Engine.Kernel.Sysfs.RescanScsiDisk"] = "device/rescan",
        ["Brick.Engine.Kernel.Sysfs.RescanNvmeController"] = "rescan_controller",
    };

    /// <summary>The programs, as the properties of <c>ProgramPaths</c> that name them.</summary>
    private static readonly string[] Programs = ["Multipathd", "Cryptsetup", "Losetup"];

    /// <summary>The one method that starts processes.</summary>
    private const string ProcessStarter = "Brick.Engine.Programs.CliWrapCommandRunner.RunAsync";

    /// <summary>The one method that runs virsh (blockresize's libvirt backend), and the field that holds its path.</summary>
    private const string VirshRunner = "Brick.Virt.Libvirt.VirshHypervisor.RunAsync";

    private const string VirshHypervisor = "Brick.Virt.Libvirt.VirshHypervisor";

    private const string QmpHypervisor = "Brick.Virt.Qmp.QmpHypervisor";

    /// <summary>The one method that connects a QMP socket (blockresize's QMP backend).</summary>
    private const string QmpConnector = "Brick.Virt.Qmp.QmpConnection.OpenAsync";

    /// <summary>The methods that connect a Unix socket on the host, and the socket: multipathd's and QEMU's monitors (docs/security.md).</summary>
    private static readonly Dictionary<string, string> SocketConnectors = new(StringComparer.Ordinal)
    {
        ["Brick.Engine.Multipath.MultipathdSocket.TryRunAsync"] = "multipathd's control socket, Brick:MultipathdSocket",
        [QmpConnector] = "a QEMU monitor's QMP socket in Brick:QmpDirectory",
    };

    private static IEnumerable<CallSite> Calls => CallSite.In(RealHost.Select(BrickAssemblies.Named));

    [Fact]
    public void Only_the_sysfs_attribute_writer_writes_to_the_file_system()
    {
        var writes = Calls.Where(FileWrites.Writes).ToList();

        var unlisted = writes.Where(c => !Writers.ContainsKey(c.Method)).Select(c => c.ToString()).Distinct().ToList();
        Assert.True(unlisted.Count == 0,
            "A file write that docs/security.md does not list (add it there and to Writers, or remove it):" + Environment.NewLine
            + string.Join(Environment.NewLine, unlisted));
        Assert.Equal(Writers.Keys.Order(), writes.Select(c => c.Method).Distinct().Order());
    }

    [Fact]
    public void The_sysfs_attributes_written_are_rescan_and_rescan_controller_and_the_value_is_1()
    {
        var writes = Calls.Where(c => c.CalleeType == "Brick.Engine.Kernel.RootedTree" && c.Callee.Name == "WriteExisting").ToList();

        Assert.Equal(AttributeWriters.Keys.Order(), writes.Select(c => c.Method).Distinct().Order());
        Assert.All(writes, write =>
        {
            Assert.True(LastLiteralOf(write.Argument(0)) is { } path && path.EndsWith("/" + AttributeWriters[write.Method], StringComparison.Ordinal),
                $"{write.Method} writes an attribute whose name is not a plain '{AttributeWriters[write.Method]}' at the end of its path");
            Assert.True(write.Argument(1) is { OpCode.Code: Code.Ldstr, Operand: "1" }, $"{write.Method} writes something other than \"1\"");
        });
    }

    [Fact]
    public void Every_command_runs_a_program_of_ProgramPaths_or_blockresize_s_virsh()
    {
        // The record's copy constructor (behind `with`) copies a command: a new program would go through set_Program.
        var commands = Calls.Where(c => c.CalleeType == "Brick.Engine.Programs.CommandSpec" && c.Callee.Name == ".ctor"
            && c.Callee.Parameters[0].ParameterType.FullName == "System.String").ToList();

        Assert.NotEmpty(commands);
        Assert.Contains(commands, c => c.Method == VirshRunner);
        Assert.All(commands, command => Assert.True(
            command.Argument(0) is { Operand: Mono.Cecil.MethodReference getter }
                && getter.DeclaringType.FullName == "Brick.Engine.Programs.ProgramPaths"
                && Programs.Select(p => "get_" + p).Contains(getter.Name)
            || command.Method == VirshRunner && command.ArgumentSource(0) is { Operand: Mono.Cecil.FieldReference field }
                && field.DeclaringType.FullName == VirshHypervisor && field.Name.Contains("virsh", StringComparison.Ordinal),
            $"{command.Method} makes a command whose program is not read straight from ProgramPaths.{string.Join("/", Programs)} (or, in {VirshRunner}, its virsh)"));
        Assert.Empty(Calls.Where(c => c.CalleeType == "Brick.Engine.Programs.CommandSpec" && c.Callee.Name == "set_Program"
            && !c.Method.StartsWith("Brick.Engine.Programs.CommandSpec.", StringComparison.Ordinal)).Select(c => c.ToString()));
    }

    [Fact]
    public void ProgramPaths_names_multipathd_cryptsetup_and_losetup_and_nothing_else()
    {
        var paths = BrickAssemblies.Named("Brick.Engine").MainModule.GetType("Brick.Engine.Programs.ProgramPaths");

        Assert.Equal(Programs.Order(), paths.Properties.Where(p => p.Name != "EqualityContract").Select(p => p.Name).Order());
    }

    [Fact]
    public void Only_the_command_runner_starts_processes_and_only_the_program_of_its_command()
    {
        var starts = Calls.Where(StartsProcess).ToList();

        Assert.Empty(starts.Where(c => c.Method != ProcessStarter).Select(c => c.ToString()));
        var wrap = Assert.Single(starts, c => c.CalleeType == "CliWrap.Cli");
        Assert.True(wrap.Argument(0) is { Operand: Mono.Cecil.MethodReference { Name: "get_Program" } getter }
            && getter.DeclaringType.FullName == "Brick.Engine.Programs.CommandSpec", "Cli.Wrap is given something other than CommandSpec.Program");
    }

    [Fact]
    public void Virsh_is_the_configured_one_and_QMP_sockets_are_read_from_the_configured_directory()
    {
        var virsh = Calls.Where(c => c.CalleeType == VirshHypervisor && c.Callee.Name == ".ctor").ToList();
        var qmp = Calls.Where(c => c.CalleeType == QmpHypervisor && c.Callee.Name == ".ctor").ToList();

        Assert.NotEmpty(virsh);
        Assert.All(virsh, made => Assert.True(ReadsSetting(made.Argument(0), "Virsh"), $"{made.Method} gives VirshHypervisor a virsh other than Brick:Virsh"));
        Assert.NotEmpty(qmp);
        Assert.All(qmp, made => Assert.True(ReadsSetting(made.Argument(0), "QmpDirectory"), $"{made.Method} gives QmpHypervisor a directory other than Brick:QmpDirectory"));
        Assert.All(Calls.Where(c => c.Callee.DeclaringType.FullName == "Brick.Virt.Qmp.QmpConnection" && c.Callee.Name == "OpenAsync"),
            open => Assert.StartsWith(QmpHypervisor + ".", open.Method, StringComparison.Ordinal));
    }

    [Fact]
    public void Only_multipathd_s_and_QMP_sockets_are_connected_to_and_only_as_Unix_stream_sockets()
    {
        var unixEndPoints = Calls.Where(c => c.CalleeType == "System.Net.Sockets.UnixDomainSocketEndPoint" && c.Callee.Name == ".ctor").ToList();
        var connects = Calls.Where(c => c.CalleeType == "System.Net.Sockets.Socket" && c.Callee.Name.StartsWith("Connect", StringComparison.Ordinal)).ToList();
        var sockets = Calls.Where(c => c.CalleeType == "System.Net.Sockets.Socket" && c.Callee.Name == ".ctor").ToList();

        Assert.Equal(["Brick.Engine.Multipath.MultipathdSocket.EndPoint", QmpConnector], unixEndPoints.Select(c => c.Method).Distinct().Order());
        Assert.Equal(SocketConnectors.Keys.Order(), connects.Select(c => c.Method).Distinct().Order());
        Assert.All(sockets, socket => Assert.True(
            socket.Callee.Parameters.Count == 3 && socket.Argument(0) is { OpCode.Code: Code.Ldc_I4_1 } && socket.Argument(1) is { OpCode.Code: Code.Ldc_I4_1 },
            $"{socket.Method} makes a socket other than new Socket(AddressFamily.Unix, SocketType.Stream, …)"));
    }

    [Fact]
    public void Docs_security_names_every_host_assembly_writer_attribute_program_and_socket()
    {
        var doc = File.ReadAllText(Brick.Testing.RepositoryRoot.Of("docs", "security.md"));

        Assert.All(Writers.Keys.Concat(AttributeWriters.Keys).Concat(AttributeWriters.Values).Append(ProcessStarter).Concat(SocketConnectors.Keys)
            .Append(VirshRunner).Append("Brick:Virsh").Append("Brick:QmpDirectory")
            .Concat(RealHost).Concat(Programs.Select(p => p.ToLowerInvariant())), name => Assert.Contains(name, doc, StringComparison.Ordinal));
    }

    /// <summary>Whether a value is read straight from the setting <c>HypervisorSettings.NAME</c> (blockresize's hypervisor's settings).</summary>
    private static bool ReadsSetting(Instruction? producer, string name) =>
        producer is { Operand: Mono.Cecil.MethodReference getter } && getter.DeclaringType.FullName == "Brick.Virt.Settings.HypervisorSettings" && getter.Name == "get_" + name;

    private static bool StartsProcess(CallSite call) =>
        call.CalleeType is "CliWrap.Cli" or "System.Diagnostics.ProcessStartInfo" or "System.Diagnostics.Process"
            && (call.CalleeType == "CliWrap.Cli" || call.Callee.Name is ".ctor" or "Start")
        || call.CalleeType.StartsWith("CliWrap.Command", StringComparison.Ordinal) && call.Callee.Name == ".ctor";

    /// <summary>The text of a path argument, or its last literal part where it is made of parts (<c>$"block/{disk}/device/rescan"</c>).</summary>
    private static string? LastLiteralOf(Instruction? producer)
    {
        for (var i = producer; i is not null; i = i.Previous)
        {
            if (i.OpCode.Code == Code.Ldstr)
                return (string)i.Operand;
        }

        return null;
    }
}
