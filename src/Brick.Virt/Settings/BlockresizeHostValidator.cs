using Brick.Contracts;
using Brick.Service.Settings;
using Microsoft.Extensions.Configuration;

namespace Brick.Virt.Settings;

/// <summary>What blockresize adds to the check of the host's name: short enough for <c>brick-blockresize.&lt;host&gt;_error</c>.</summary>
internal sealed class BlockresizeHostValidator(IConfiguration configuration) : SettingsValidator<HostSettings>(configuration)
{
    /// <summary>RabbitMQ names are at most 255 bytes (<see cref="EntityNames.MaxNameBytes"/>): <c>brick-blockresize.</c> + host + <c>_error</c> must fit: 231.</summary>
    public static readonly int MaxHostLength = EntityNames.MaxHostLength(EntityNames.BlockresizeErrorQueue);

    /// <inheritdoc />
    protected override void Check(HostSettings settings, SettingsRules rules) =>
        rules.Check(nameof(settings.Host), settings.Host.Length <= MaxHostLength,
            $"is longer than {MaxHostLength} characters, too long for {EntityNames.BlockresizeErrorQueue("")}");
}
