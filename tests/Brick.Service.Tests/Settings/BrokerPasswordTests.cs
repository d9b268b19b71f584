using Brick.Service.Settings;

namespace Brick.Service.Tests.Settings;

public sealed class BrokerPasswordTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("brick-pw-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void A_password_file_overrides_the_password_of_the_uri_without_its_trailing_newline()
    {
        var file = Write("password", "s3cret\n");
        var settings = new WorkerSettings { Broker = "amqp://brick:wrong@rabbit:5672/", BrokerPasswordFile = file };

        var address = settings.BrokerAddress(out var error);

        Assert.Null(error);
        Assert.Equal(("brick", "s3cret"), (address!.UserName, address.Password));
    }

    [Fact]
    public void A_password_file_that_cannot_be_read_is_named_without_quoting_any_password()
    {
        var settings = new WorkerSettings { Broker = "amqp://brick:uri-pw@rabbit/", BrokerPasswordFile = Path.Combine(_dir.FullName, "missing") };

        Assert.Null(settings.BrokerAddress(out var error));
        Assert.StartsWith("BrokerPasswordFile '", error, StringComparison.Ordinal);
        Assert.DoesNotContain("uri-pw", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Systemds_credential_is_the_password_file_where_none_is_configured()
    {
        Write(BrokerPassword.CredentialName, "from-systemd");

        Assert.Equal(Path.Combine(_dir.FullName, BrokerPassword.CredentialName), BrokerPassword.File(null, _dir.FullName));
        Assert.Equal("/run/secrets/pw", BrokerPassword.File("/run/secrets/pw", _dir.FullName));
        Assert.Null(BrokerPassword.File(null, Path.Combine(_dir.FullName, "no-such-directory")));
        Assert.Null(BrokerPassword.File(null, null));
    }

    private string Write(string name, string text)
    {
        var file = Path.Combine(_dir.FullName, name);
        File.WriteAllText(file, text);
        return file;
    }
}
