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
        var settings = new BrokerSettings { Broker = "amqp://brick:wrong@rabbit:5672/", BrokerPasswordFile = file };

        var address = settings.BrokerAddress(out var error);

        Assert.Null(error);
        Assert.Equal(("brick", "s3cret"), (address!.UserName, address.Password));
    }

    [Fact]
    public void A_password_file_that_cannot_be_read_is_named_without_quoting_any_password()
    {
        var settings = new BrokerSettings { Broker = "amqp://brick:uri-pw@rabbit/", BrokerPasswordFile = Path.Combine(_dir.FullName, "missing") };

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

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.OtherWrite, "0402")]
    public void A_password_file_others_may_read_or_write_is_refused_naming_its_mode_and_the_fix(UnixFileMode mode, string octal)
    {
        var file = Write("password", "s3cret-pw\n", mode);
        var settings = new BrokerSettings { Broker = "amqp://brick@rabbit:5672/", BrokerPasswordFile = file };

        Assert.Null(settings.BrokerAddress(out var error));
        Assert.Equal($"BrokerPasswordFile '{file}' has mode {octal}: its group or everyone may read it; make it readable by the worker's user only "
            + $"(chmod 600 '{file}'; a Kubernetes Secret's defaultMode 0400)", error);
    }

    [Fact]
    public void A_password_file_of_the_user_alone_is_read_and_so_is_one_behind_a_link()
    {
        var file = Write("..data-password", "s3cret-pw\n", UnixFileMode.UserRead);
        var link = Path.Combine(_dir.FullName, "password");
        File.CreateSymbolicLink(link, file); // a Kubernetes Secret's file is a link (mode 0777) to the real one

        Assert.Equal("s3cret-pw", BrokerPassword.Read(link, out var error));
        Assert.Null(error);
    }

    private string Write(string name, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var file = Path.Combine(_dir.FullName, name);
        File.WriteAllText(file, text);
        File.SetUnixFileMode(file, mode);
        return file;
    }
}
