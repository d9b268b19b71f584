using System.Text.RegularExpressions;

namespace Brick.Worker.IntegrationTests;

/// <summary>
/// A broker user of one test's own, made and given permissions with <c>rabbitmqctl</c> inside the broker's container,
/// deleted on dispose. Its name and password are unique, so that a test can look for them in what the worker wrote.
/// </summary>
public sealed class BrokerUser : IAsyncDisposable
{
    private readonly BrokerFixture _broker;

    private BrokerUser(BrokerFixture broker, string name, string password)
    {
        _broker = broker;
        Name = name;
        Password = password;
    }

    /// <summary>The user's name.</summary>
    public string Name { get; }

    /// <summary>The user's password.</summary>
    public string Password { get; }

    /// <summary>The broker's URI with this user's credentials in it.</summary>
    public Uri Uri => new UriBuilder(_broker.Uri) { UserName = Uri.EscapeDataString(Name), Password = Uri.EscapeDataString(Password) }.Uri;

    /// <summary>A user named but not made yet (<see cref="CreateAsync()"/> makes it).</summary>
    public static BrokerUser Named(BrokerFixture broker, string prefix) =>
        new(broker, $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)], $"pw-{Guid.NewGuid():N}");

    /// <summary>A user that may configure and read everything, and write what <paramref name="write"/> matches.</summary>
    public static async Task<BrokerUser> CreateAsync(BrokerFixture broker, string prefix, string write = ".*")
    {
        var user = Named(broker, prefix);
        try
        {
            await user.CreateAsync(write);
            return user;
        }
        catch
        {
            await user.DisposeAsync(); // made, but its permissions not set: returned to no one
            throw;
        }
    }

    /// <summary>A write permission for everything but the exchange <paramref name="exchange"/> (RabbitMQ's regexes are PCRE's).</summary>
    public static string AllBut(string exchange) => $"^(?!{Regex.Escape(exchange)}$).*";

    /// <summary>Makes the user, allowed to configure and read everything and to write what <paramref name="write"/> matches.</summary>
    public async Task CreateAsync(string write = ".*")
    {
        await _broker.RabbitmqctlAsync("add_user", Name, Password);
        await AllowWriteAsync(write);
    }

    /// <summary>
    /// Makes the user as the host <paramref name="host"/>'s own, with exactly what <c>deploy/rabbitmq/grant-host.sh</c>
    /// gives it (run verbatim inside the broker's container, as an operator runs it), its error queues of
    /// <paramref name="errorQueueType"/> (the worker's <c>ErrorQueueType</c>: <c>classic</c> or <c>quorum</c>).
    /// </summary>
    public async Task CreateAsHostAsync(string host, string errorQueueType = "classic")
    {
        await _broker.RabbitmqctlAsync("add_user", Name, Password);
        await _broker.RunScriptAsync("deploy/rabbitmq/grant-host.sh", "--error-queue-type", errorQueueType, host, Name);
    }

    /// <summary>Sets what the user may write (publish to, bind from) to <paramref name="write"/>.</summary>
    public Task AllowWriteAsync(string write) => _broker.RabbitmqctlAsync("set_permissions", "-p", "/", Name, ".*", write, ".*");

    /// <summary>Sets the user's three permissions (RabbitMQ's regexes, on the virtual host <c>/</c>).</summary>
    public Task SetPermissionsAsync(string configure, string write, string read) =>
        _broker.RabbitmqctlAsync("set_permissions", "-p", "/", Name, configure, write, read);

    /// <summary>Sets what the user may configure (declare, bind, delete) to <paramref name="configure"/>, reading and writing everything.</summary>
    public Task AllowConfigureAsync(string configure) => _broker.RabbitmqctlAsync("set_permissions", "-p", "/", Name, configure, ".*", ".*");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _broker.RabbitmqctlAsync("delete_user", Name);
        }
        catch (InvalidOperationException)
        {
            // Never made (the test failed before), or gone with the broker.
        }
    }
}
