namespace Brick.Virt.Settings;

/// <summary>
/// blockresize's hypervisor: its backend (<see cref="QmpDirectory"/> or <see cref="Libvirt"/>, exactly one), the
/// <c>virsh</c> program, the limit on one conversation. Bound from the <c>Brick</c> section like every concern's
/// settings; checked by <see cref="HypervisorSettingsValidator"/>.
/// </summary>
public sealed class HypervisorSettings
{
    /// <summary>
    /// <c>blockresize</c>'s QMP backend: a directory whose <c>*.qmp</c> and <c>*.sock</c> sockets are the guests' QEMU
    /// monitors (one a guest, named by the file), read again for every outcome. Exactly one of this and <see cref="Libvirt"/>.
    /// </summary>
    public string? QmpDirectory { get; set; }

    /// <summary><c>blockresize</c>'s libvirt backend: the connection URI given to <c>virsh -c</c>, e.g. <c>qemu:///system</c>.</summary>
    public string? Libvirt { get; set; }

    /// <summary>The <c>virsh</c> program of the libvirt backend.</summary>
    public string Virsh { get; set; } = "/usr/bin/virsh";

    /// <summary>The limit on one conversation with the hypervisor (a QMP exchange, one <c>virsh</c> command).</summary>
    public TimeSpan HypervisorTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
