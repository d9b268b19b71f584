using System.Text.RegularExpressions;
using Brick.Contracts;
using Brick.Engine.Core;
using Brick.Engine.Kernel;

namespace Brick.Engine.Discovery;

/// <summary>Finds a dm-crypt mapping (<c>dm/uuid</c> <c>CRYPT-…</c>, e.g. <c>CRYPT-LUKS2-…-name</c>) stacked on a device.</summary>
internal sealed partial class CryptMappingFinder(Sysfs sys)
{
    public CryptMapping? Find(string device)
    {
        var crypts = sys.Holders(device)
            .Where(h => DeviceName.IsDeviceMapper(h) && sys.ReadDmUuid(h)?.StartsWith("CRYPT-", StringComparison.Ordinal) == true)
            .ToList();
        if (crypts.Count == 0)
            return null;
        if (crypts.Count > 1)
            throw new ExtendFailedException(ResizeFailureReason.Unsupported, $"{device} has {crypts.Count} dm-crypt mappings ({string.Join(", ", crypts)}).");

        var name = sys.ReadDmName(crypts[0]);
        return name is not null && MappingName().IsMatch(name)
            ? new CryptMapping(crypts[0], name)
            : throw new ExtendFailedException(ResizeFailureReason.Unsupported, $"dm-crypt mapping {crypts[0]} has an unusable name.");
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+-]{0,126}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MappingName();
}
