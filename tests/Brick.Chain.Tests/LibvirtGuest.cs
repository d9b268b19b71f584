using System.Security;
using Brick.Testing;

namespace Brick.Chain.Tests;

/// <summary>
/// The same guest as a transient libvirt domain (<c>virsh create</c>, type <c>qemu</c>: software emulation): the loop
/// device as a block disk <c>vda</c>, the serial console in a file written by virtlogd. The kernel and initramfs are
/// copied under <c>/var/lib/libvirt/images</c>, where the QEMU that libvirt starts (as <c>libvirt-qemu</c>) may read them.
/// </summary>
internal sealed class LibvirtGuest : IAsyncDisposable
{
    public const string Uri = "qemu:///system";

    private readonly string _name;
    private readonly string _directory;

    private LibvirtGuest(string name, string directory, SerialConsole console)
    {
        _name = name;
        _directory = directory;
        Console = console;
    }

    public SerialConsole Console { get; }

    /// <summary>The domain's name.</summary>
    public string Name => _name;

    public static async Task<LibvirtGuest> StartAsync(ChainVm vm, string disk)
    {
        var name = $"brick-chain-{Environment.ProcessId}";
        var directory = Path.Combine("/var/lib/libvirt/images", name);
        Directory.CreateDirectory(directory);
        var kernel = Path.Combine(directory, "vmlinuz");
        var initramfs = Path.Combine(directory, "initrd.img");
        File.Copy(vm.Kernel, kernel, overwrite: true);
        File.Copy(vm.Initramfs, initramfs, overwrite: true);
        var console = Path.Combine(directory, "console.log");
        var xml = Path.Combine(directory, "domain.xml");
        await File.WriteAllTextAsync(xml, $"""
            <domain type='qemu'>
              <name>{name}</name>
              <memory unit='MiB'>192</memory>
              <vcpu>1</vcpu>
              <os>
                <type arch='x86_64' machine='q35'>hvm</type>
                <kernel>{kernel}</kernel>
                <initrd>{initramfs}</initrd>
                <cmdline>{ChainVm.CommandLine}</cmdline>
              </os>
              <on_reboot>destroy</on_reboot>
              <devices>
                <disk type='block' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source dev='{SecurityElement.Escape(disk)}'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <serial type='file'><source path='{console}'/><target port='0'/></serial>
                <console type='file'><source path='{console}'/><target type='serial' port='0'/></console>
              </devices>
            </domain>
            """);
        var guest = new LibvirtGuest(name, directory, new SerialConsole(console));
        try
        {
            (await Programs.RunAsync("virsh", ["-c", Uri, "create", xml], TimeSpan.FromSeconds(60))).Succeeded();
            return guest;
        }
        catch (Xunit.Sdk.XunitException e)
        {
            // virsh may give up while libvirtd goes on to start the domain: say where it stood, then destroy it by name.
            var diagnosis = await DiagnoseAsync(name);
            await guest.DisposeAsync();
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}{diagnosis}", e);
        }
    }

    /// <summary>The domain's state with its reason and the tails of libvirtd's and the domain's logs (deploy/ci/start-libvirt.sh sets libvirtd's).</summary>
    private static async Task<string> DiagnoseAsync(string name)
    {
        var state = (await Programs.RunAsync("virsh", ["-c", Uri, "domstate", "--reason", "--domain", name], TimeSpan.FromSeconds(20))).Stdout;
        static string Tail(string file, int lines) =>
            File.Exists(file) ? string.Join(Environment.NewLine, File.ReadLines(file).TakeLast(lines)) : $"({file} does not exist)";
        return $"domain state: {state.Trim()}{Environment.NewLine}"
            + $"/var/log/libvirt/qemu/{name}.log:{Environment.NewLine}{Tail($"/var/log/libvirt/qemu/{name}.log", 15)}{Environment.NewLine}"
            + $"/var/log/libvirt/libvirtd.log:{Environment.NewLine}{Tail("/var/log/libvirt/libvirtd.log", 30)}";
    }

    /// <summary>Whether libvirtd answers on <see cref="Uri"/>, or why not.</summary>
    public static async Task<string?> UnavailableAsync()
    {
        if (!Programs.Exists("virsh"))
            return "virsh is not installed (Debian: libvirt-clients, libvirt-daemon-system; .ci/setup.d/40-chain.sh installs them)";
        try
        {
            (await Programs.RunAsync("virsh", ["-c", Uri, "list", "--name"], TimeSpan.FromSeconds(20))).Succeeded();
            return null;
        }
        catch (Xunit.Sdk.XunitException e)
        {
            return $"libvirtd does not answer on {Uri} (as root, deploy/ci/start-libvirt.sh starts virtlogd and libvirtd; .ci/setup.d/40-chain.sh runs it): {e.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A domain whose start libvirtd has not finished yet may outlive one destroy: ask until it is gone (bounded).
        // A virsh that times out (a busy libvirtd) is one attempt, not the end of them.
        for (var attempt = 0; attempt < 30; attempt++)
        {
            try
            {
                await Programs.RunAsync("virsh", ["-c", Uri, "destroy", "--domain", _name], TimeSpan.FromSeconds(30));
                var names = (await Programs.RunAsync("virsh", ["-c", Uri, "list", "--all", "--name"], TimeSpan.FromSeconds(30))).Stdout;
                if (!names.Split('\n').Any(n => n.Trim() == _name))
                    break;
            }
            catch (Xunit.Sdk.XunitException e)
            {
                await global::System.Console.Error.WriteLineAsync($"destroying {_name}: {e.Message}");
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
