using Brick.Contracts;
using Brick.Service.Settings;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Composition;

/// <summary>
/// What blockresize needs of the settings beyond what every command checks: one backend (<c>QmpDirectory</c> or
/// <c>Libvirt</c>), a host short enough for <c>brick-blockresize.&lt;host&gt;_error</c>, a positive hypervisor time limit.
/// </summary>
internal sealed class BlockresizeSettingsValidator : IValidateOptions<WorkerSettings>
{
    /// <summary>RabbitMQ names are at most 255 bytes (<see cref="EntityNames.MaxNameBytes"/>): <c>brick-blockresize.</c> + host + <c>_error</c> must fit: 231.</summary>
    public static readonly int MaxHostLength = EntityNames.MaxHostLength(EntityNames.BlockresizeErrorQueue);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WorkerSettings settings) =>
        Problems(settings) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    /// <summary>Every problem, one sentence each, named by its key.</summary>
    public static IReadOnlyList<string> Problems(WorkerSettings s)
    {
        var problems = new List<string>();
        var key = WorkerSettings.Section + ":";
        var qmp = !string.IsNullOrEmpty(s.QmpDirectory);
        var libvirt = !string.IsNullOrEmpty(s.Libvirt);
        if (qmp == libvirt)
            problems.Add($"{key}{nameof(s.QmpDirectory)} or {key}{nameof(s.Libvirt)}: blockresize needs exactly one hypervisor backend (--qmp-dir DIR or --libvirt URI).");
        if (qmp && !Directory.Exists(s.QmpDirectory))
            problems.Add($"{key}{nameof(s.QmpDirectory)} '{s.QmpDirectory}' is not a directory.");
        if (libvirt && (!s.Libvirt!.Contains(":/", StringComparison.Ordinal) || s.Libvirt.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))))
            problems.Add($"{key}{nameof(s.Libvirt)} '{s.Libvirt}' is not a libvirt URI (e.g. qemu:///system).");
        if (!Path.IsPathRooted(s.Virsh))
            problems.Add($"{key}{nameof(s.Virsh)} '{s.Virsh}' is not an absolute path.");
        if (s.HypervisorTimeout <= TimeSpan.Zero || s.HypervisorTimeout > TimeSpan.FromHours(1))
            problems.Add($"{key}{nameof(s.HypervisorTimeout)} must be more than 0 and at most one hour.");
        if (s.Host.Length > MaxHostLength)
            problems.Add($"{key}{nameof(s.Host)} is longer than {MaxHostLength} characters, too long for {EntityNames.BlockresizeErrorQueue("")}.");
        return problems;
    }
}
