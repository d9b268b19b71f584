using Brick.Service.Settings;
using Brick.Virt.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Tests.Composition;

/// <summary>
/// blockresize's composition (<c>AddBlockresizeService</c>) loaded from settings alone, as its settings tests need it:
/// a QMP folder of its own (removed on dispose) and <c>Brick:Host</c> <c>compute-07</c> unless given.
/// </summary>
internal sealed class BlockresizeSettings : IDisposable
{
    private readonly DirectoryInfo _qmp = Directory.CreateTempSubdirectory("brick-blockresize-qmp-");

    public void Dispose() => _qmp.Delete(recursive: true);

    /// <summary>Runs every settings check (<see cref="SettingsCheck.ThrowIfAny"/>: an <see cref="OptionsValidationException"/> with each problem) and returns <typeparamref name="TSettings"/>.</summary>
    public TSettings Load<TSettings>(params (string Key, string? Value)[] settings)
        where TSettings : class
    {
        var given = settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)).Append(new("Brick:QmpDirectory", _qmp.FullName));
        if (!settings.Any(s => s.Key == "Brick:Host"))
            given = given.Append(new("Brick:Host", "compute-07"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(given).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddBlockresizeService().BuildServiceProvider();
        services.GetRequiredService<SettingsCheck>().ThrowIfAny();
        return services.GetRequiredService<IOptions<TSettings>>().Value;
    }
}
