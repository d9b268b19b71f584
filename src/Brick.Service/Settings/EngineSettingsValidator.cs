using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>
/// The check of <see cref="EngineSettings"/>: roots that exist (unless the host is simulated), absolute programs and
/// directories, a multipathd socket it can name, local device patterns under <c>/dev/</c>, limits of time.
/// </summary>
internal sealed class EngineSettingsValidator(IConfiguration configuration) : SettingsValidator<EngineSettings>(configuration)
{
    /// <summary>The longest <see cref="EngineSettings.OperationTimeout"/>.</summary>
    public static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromDays(1);

    /// <inheritdoc />
    protected override void Check(EngineSettings settings, SettingsRules rules)
    {
        var s = settings;
        rules.Check(nameof(s.OperationTimeout), s.OperationTimeout > TimeSpan.Zero && s.OperationTimeout <= MaxOperationTimeout,
            "must be more than 0 and at most one day");
        rules.Check(nameof(s.PathWaitTimeout), s.PathWaitTimeout > TimeSpan.Zero, "must be positive (e.g. 00:01:00)");
        rules.Check(nameof(s.LockDirectory), string.IsNullOrEmpty(s.LockDirectory) || Path.IsPathFullyQualified(s.LockDirectory),
            $"'{s.LockDirectory}' is not an absolute path");
        rules.Check(nameof(s.MultipathdSocket), string.IsNullOrEmpty(s.MultipathdSocket) || s.MultipathdSocket == "off"
            || (s.MultipathdSocket.StartsWith('@') && s.MultipathdSocket.Length is > 1 and <= 107) || (Path.IsPathFullyQualified(s.MultipathdSocket) && s.MultipathdSocket.Length <= 107),
            $"'{s.MultipathdSocket}' is not off, an absolute path or an abstract name @NAME (at most 107 characters)");
        if (!s.Simulate)
        {
            rules.Check(nameof(s.SysRoot), Directory.Exists(s.SysRoot), $"'{s.SysRoot}' is not a directory");
            rules.Check(nameof(s.DevRoot), Directory.Exists(s.DevRoot), $"'{s.DevRoot}' is not a directory");
        }

        rules.Check(nameof(s.CryptKeyDirectory), string.IsNullOrEmpty(s.CryptKeyDirectory) || Directory.Exists(s.CryptKeyDirectory),
            $"'{s.CryptKeyDirectory}' is not a directory");
        var badPatterns = s.LocalDevicePatterns.Where(p => p is null || !Brick.Engine.Discovery.LocalDeviceAllowList.IsValidPattern(p)).ToList();
        rules.Check(nameof(s.LocalDevicePatterns), badPatterns.Count == 0,
            $"{string.Join(", ", badPatterns.Select(p => $"'{p}'"))} {(badPatterns.Count == 1 ? "is not a pattern" : "are not patterns")} under /dev/ (letters, digits, '/', '*', '?', '_', '+', ':', '.', '-'; no '.' or '..' parts)");
        foreach (var (name, path) in new[] { (nameof(s.Multipathd), s.Multipathd), (nameof(s.Cryptsetup), s.Cryptsetup), (nameof(s.Losetup), s.Losetup) })
            rules.Check(name, Path.IsPathRooted(path), $"'{path}' is not an absolute path");
    }
}
