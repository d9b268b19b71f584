using Brick.Testing;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// The brokers a compatibility test runs on, one theory row each: <see cref="Current"/> is the suite's shared broker
/// (<c>BRICK_TEST_RABBITMQ_IMAGE</c>, RabbitMQ 4), <see cref="RabbitMq3"/> a container of its own of
/// <c>BRICK_TEST_RABBITMQ3_IMAGE</c> (RabbitMQ 3.10, the broker many deployments still run). Without that variable the
/// RabbitMQ 3 row skips with what to set (fails in CI, which builds both images). docs/reliability.md names the
/// tests that run on both and why.
/// </summary>
public static class CompatBrokers
{
    /// <summary>The suite's broker.</summary>
    public const string Current = "current";

    /// <summary>RabbitMQ 3.10, from <c>BRICK_TEST_RABBITMQ3_IMAGE</c>.</summary>
    public const string RabbitMq3 = "rabbitmq3";

    /// <summary>
    /// The broker of <paramref name="which"/>: the shared <paramref name="shared"/> itself, or a started container of the
    /// RabbitMQ 3 image (dispose <see cref="CompatBroker"/> to remove it).
    /// </summary>
    public static async Task<CompatBroker> StartAsync(string which, BrokerFixture shared)
    {
        if (which == Current)
        {
            shared.Require();
            return new CompatBroker(shared, null);
        }

        if (which != RabbitMq3)
            throw new ArgumentOutOfRangeException(nameof(which), which, "current or rabbitmq3");
        var own = await OwnBroker.CreateAsync(image: RequireRabbitmq3Image());
        return new CompatBroker(await own.AsFixtureAsync(), own);
    }

    /// <summary>
    /// A container of its own of the broker of <paramref name="which"/>, for a test that changes the broker (policies,
    /// definitions) and so cannot use the shared one. Dispose it to remove it.
    /// </summary>
    public static async Task<OwnBroker> StartOwnAsync(string which)
    {
        if (which == Current)
            return await OwnBroker.CreateAsync();
        if (which != RabbitMq3)
            throw new ArgumentOutOfRangeException(nameof(which), which, "current or rabbitmq3");
        return await OwnBroker.CreateAsync(image: RequireRabbitmq3Image());
    }

    /// <summary>The RabbitMQ 3 image; the test skips (fails in CI) when <c>BRICK_TEST_RABBITMQ3_IMAGE</c> is not set.</summary>
    public static string RequireRabbitmq3Image()
    {
        var image = RabbitContainers.Rabbitmq3Image;
        Prerequisite.Require(image is not null,
            "This compatibility test also runs on RabbitMQ 3.10: set BRICK_TEST_RABBITMQ3_IMAGE (e.g. brick/rabbitmq:local, " +
            "built by deploy/rabbitmq/build-image.sh --suite bookworm); CI (CI=true) sets it.");
        return image;
    }
}

/// <summary>One broker of a compatibility test; removes its own container (if any) on dispose.</summary>
/// <param name="Broker">The broker, as the helpers take it.</param>
/// <param name="Own">The container started for this test, or null for the shared broker.</param>
public sealed record CompatBroker(BrokerFixture Broker, OwnBroker? Own) : IAsyncDisposable
{
    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Own is not null)
            await Own.DisposeAsync();
    }
}
