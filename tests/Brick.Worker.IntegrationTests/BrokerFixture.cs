using Brick.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Testcontainers.RabbitMq;

[assembly: AssemblyFixture(typeof(Brick.Worker.IntegrationTests.BrokerFixture))]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// The broker every test shares: <c>BRICK_TEST_RABBITMQ_URI</c> when set, else a container of
/// <c>BRICK_TEST_RABBITMQ_IMAGE</c> (default <see cref="RabbitContainers.DefaultImage"/>) started through Testcontainers.
/// Where no broker can be had, tests skip with the reason and what to set, except under CI (<c>CI=true</c>), where they fail.
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private RabbitMqContainer? _container;
    private string? _unavailable;

    /// <summary>The broker's AMQP URI (with credentials).</summary>
    public Uri Uri { get; private set; } = new("amqp://guest:guest@localhost:5672/");

    /// <summary>Whether the broker is a container this fixture started.</summary>
    public bool IsContainer => _container is not null;

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("BRICK_TEST_RABBITMQ_URI") is { Length: > 0 } given)
        {
            Uri = new Uri(given);
            return;
        }

        try
        {
            _container = RabbitContainers.Build();
            await _container.StartAsync(TestContext.Current.CancellationToken);
            Uri = new Uri(_container.GetConnectionString());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _unavailable = "No RabbitMQ broker for the integration tests: set BRICK_TEST_RABBITMQ_URI (e.g. amqp://guest:guest@localhost:5672/) " +
                $"to use a running broker, or start Docker so that Testcontainers can run {RabbitContainers.Image} (BRICK_TEST_RABBITMQ_IMAGE); " +
                $"CI (CI=true) runs them. Docker said: {e.GetBaseException().Message}";
            if (Prerequisite.InCi)
                await Console.Error.WriteLineAsync(e.ToString());
            if (_container is not null)
            {
                try
                {
                    await DisposeAsync();
                }
                catch (Exception cleanup) when (cleanup is not OperationCanceledException)
                {
                    _container = null; // a container that never started may not be there to remove
                }
            }
        }
    }

    /// <summary>Uses a broker the caller started (and stops).</summary>
    public ValueTask InitializeWithAsync(Uri uri)
    {
        Uri = uri;
        return ValueTask.CompletedTask;
    }

    /// <summary>Skips the calling test (outside CI) or fails it (in CI) when there is no broker.</summary>
    public void Require()
    {
        if (_unavailable is not null)
            Prerequisite.Missing(_unavailable);
    }

    /// <summary>
    /// Runs <c>rabbitmqctl</c> with <paramref name="arguments"/> inside the broker's container (users, permissions);
    /// a broker given by <c>BRICK_TEST_RABBITMQ_URI</c> has no container to run it in: the test skips (fails in CI).
    /// </summary>
    public async Task<string> RabbitmqctlAsync(params string[] arguments)
    {
        Require();
        if (_container is null)
        {
            Prerequisite.Missing("This test changes the broker's users and permissions with rabbitmqctl, which takes the broker container " +
                "Testcontainers starts (unset BRICK_TEST_RABBITMQ_URI); CI (CI=true) runs it.");
        }

        var result = await _container.ExecAsync(["rabbitmqctl", .. arguments], TestContext.Current.CancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return result.Stdout;
    }

    /// <summary>
    /// Runs the repository's script <paramref name="script"/> (a path under the repository root) with bash inside the
    /// broker's container, as an operator runs it on a broker node, with <paramref name="arguments"/>; its output, or an
    /// <see cref="InvalidOperationException"/> with it when it fails.
    /// </summary>
    public async Task<string> RunScriptAsync(string script, params string[] arguments)
    {
        Require();
        if (_container is null)
        {
            Prerequisite.Missing("This test runs a deploy script with rabbitmqctl inside the broker container Testcontainers starts " +
                "(unset BRICK_TEST_RABBITMQ_URI); CI (CI=true) runs it.");
        }

        var inside = $"/tmp/{Guid.NewGuid():N}-{Path.GetFileName(script)}";
        await _container.CopyAsync(await File.ReadAllBytesAsync(RepositoryRoot.Of(script), TestContext.Current.CancellationToken), inside,
            ct: TestContext.Current.CancellationToken);
        var result = await _container.ExecAsync(["bash", inside, .. arguments], TestContext.Current.CancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        return result.Stdout;
    }

    /// <summary>A plain RabbitMQ.Client connection.</summary>
    public Task<IConnection> ConnectAsync() => new ConnectionFactory { Uri = Uri }.CreateConnectionAsync(TestContext.Current.CancellationToken);

    /// <summary>Deletes queues and exchanges, with their messages and bindings; one that is not there is skipped.</summary>
    public async Task RemoveAsync(IEnumerable<string> queues, IEnumerable<string> exchanges)
    {
        // Without a broker the test skipped before it declared anything: a clean-up that tried to connect would turn
        // that skip into a failure (its dispose runs after the skip).
        if (_unavailable is not null)
            return;
        await using var connection = await new ConnectionFactory { Uri = Uri }.CreateConnectionAsync(CancellationToken.None);
        foreach (var (name, isQueue) in queues.Select(q => (q, true)).Concat(exchanges.Select(x => (x, false))))
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: CancellationToken.None);
            try
            {
                if (isQueue)
                    await channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false, cancellationToken: CancellationToken.None);
                else
                    await channel.ExchangeDeleteAsync(name, ifUnused: false, cancellationToken: CancellationToken.None);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                // Never declared: nothing failed or was moved there.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await RabbitContainers.RemoveAsync(_container);
            _container = null;
        }
    }
}
