namespace Brick.Worker.IntegrationTests.Tls;

/// <summary>One <see cref="TlsBroker"/> for the TLS tests, started by the first test that asks for it.</summary>
public sealed class TlsBrokerFixture : IAsyncDisposable
{
    private readonly Lazy<Task<TlsBroker>> _broker = new(() => TlsBroker.StartAsync());

    public Task<TlsBroker> GetAsync() => _broker.Value;

    public async ValueTask DisposeAsync()
    {
        if (_broker.IsValueCreated && _broker.Value.IsCompletedSuccessfully)
            await (await _broker.Value).DisposeAsync();
    }
}
