using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;

namespace Brick.Virt.Settings;

/// <summary>The check of <see cref="HypervisorSettings"/>: one backend (<c>QmpDirectory</c> or <c>Libvirt</c>), an absolute <c>virsh</c>, a positive hypervisor time limit.</summary>
internal sealed class HypervisorSettingsValidator(IConfiguration configuration) : SettingsValidator<HypervisorSettings>(configuration)
{
    /// <inheritdoc />
    protected override void Check(HypervisorSettings settings, SettingsRules rules)
    {
        var s = settings;
        var qmp = !string.IsNullOrEmpty(s.QmpDirectory);
        var libvirt = !string.IsNullOrEmpty(s.Libvirt);
        if (qmp == libvirt)
        {
            rules.Add($"{SettingsSection.Key(nameof(s.QmpDirectory))} or {SettingsSection.Key(nameof(s.Libvirt))}: blockresize needs exactly one hypervisor backend "
                + "(--qmp-dir DIR or --libvirt URI).");
        }

        rules.Check(nameof(s.QmpDirectory), !qmp || Directory.Exists(s.QmpDirectory), $"'{s.QmpDirectory}' is not a directory");
        rules.Check(nameof(s.Libvirt), !libvirt || (s.Libvirt!.Contains(":/", StringComparison.Ordinal) && !s.Libvirt.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))),
            $"'{s.Libvirt}' is not a libvirt URI (e.g. qemu:///system)");
        rules.Check(nameof(s.Virsh), Path.IsPathRooted(s.Virsh), $"'{s.Virsh}' is not an absolute path");
        rules.Check(nameof(s.HypervisorTimeout), s.HypervisorTimeout > TimeSpan.Zero && s.HypervisorTimeout <= TimeSpan.FromHours(1),
            "must be more than 0 and at most one hour");
    }
}
