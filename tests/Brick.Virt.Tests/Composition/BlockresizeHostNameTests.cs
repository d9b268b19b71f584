using Brick.Contracts;
using Brick.Service.Settings;
using Microsoft.Extensions.Options;

namespace Brick.Virt.Tests.Composition;

/// <summary>
/// blockresize's queues are named after the host with a longer prefix than run's (<c>brick-blockresize.</c>), so its
/// host names are held to a shorter limit: 231 characters, where run's are 236.
/// </summary>
public sealed class BlockresizeHostNameTests : IDisposable
{
    private readonly BlockresizeSettings _blockresize = new();

    public void Dispose() => _blockresize.Dispose();

    [Fact]
    public void A_host_name_that_fits_run_s_queues_but_not_blockresize_s_is_refused_naming_blockresize_s_limit()
    {
        var limit = EntityNames.MaxHostLength(EntityNames.BlockresizeErrorQueue);
        Assert.True(limit < HostSettingsValidator.MaxHostLength);

        var problems = Assert.Throws<OptionsValidationException>(() => Load(new string('h', limit + 1))).Failures;

        var problem = Assert.Single(problems, p => p.StartsWith("Brick:Host ", StringComparison.Ordinal));
        Assert.Contains($"at most {limit} characters", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_name_of_blockresize_s_limit_is_kept_and_its_queues_fit_the_broker_s()
    {
        var host = new string('h', EntityNames.MaxHostLength(EntityNames.BlockresizeErrorQueue));

        Assert.Equal(host, Load(host).Host);
        Assert.Equal(EntityNames.MaxNameBytes, EntityNames.BlockresizeErrorQueue(host).Length);
    }

    private HostSettings Load(string host) => _blockresize.Load<HostSettings>(("Brick:Host", host));
}
