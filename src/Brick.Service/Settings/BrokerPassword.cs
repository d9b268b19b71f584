namespace Brick.Service.Settings;

/// <summary>
/// Where the broker password comes from when it is not in the URI: the file <c>Brick:BrokerPasswordFile</c> names
/// (a Kubernetes Secret, a compose secret), else systemd's credential <c>$CREDENTIALS_DIRECTORY/broker-password</c>
/// (<c>LoadCredential=broker-password:…</c>). Either overrides the URI's password, so that none is needed on a command
/// line or in an environment variable.
/// </summary>
internal static class BrokerPassword
{
    /// <summary>The name systemd gives the credential in <c>$CREDENTIALS_DIRECTORY</c>.</summary>
    public const string CredentialName = "broker-password";

    /// <summary>The file to read, or null when the password stays the URI's.</summary>
    public static string? File(string? configured) => File(configured, Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY"));

    /// <summary>The file to read given systemd's <paramref name="credentials"/> directory (or null outside systemd).</summary>
    public static string? File(string? configured, string? credentials)
    {
        if (!string.IsNullOrEmpty(configured))
            return configured;
        var credential = string.IsNullOrEmpty(credentials) ? null : Path.Combine(credentials, CredentialName);
        return credential is not null && System.IO.File.Exists(credential) ? credential : null;
    }

    /// <summary>The permission bits a password file must not have: readable or writable by its group or by everyone.</summary>
    public const UnixFileMode Exposed = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>
    /// The password in <paramref name="file"/> (one trailing newline dropped), or null with why it cannot be read. A file
    /// its group or everyone may read or write is refused, naming its mode and the fix (<c>chmod 600</c>): the
    /// password has been exposed to others, and taking it anyway would hide that. The mode is that of the file opened
    /// (a Kubernetes Secret's link is followed).
    /// </summary>
    public static string? Read(string file, out string? error, string setting = "BrokerPasswordFile")
    {
        error = null;
        try
        {
            using var stream = System.IO.File.OpenRead(file);
            var mode = System.IO.File.GetUnixFileMode(stream.SafeFileHandle);
            if ((mode & Exposed) != 0)
            {
                error = $"{setting} '{file}' has mode {Octal(mode)}: its group or everyone may read it; "
                    + $"make it readable by the worker's user only (chmod 600 '{file}'; a Kubernetes Secret's defaultMode 0400)";
                return null;
            }

            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{setting} '{file}' cannot be read: {e.Message}";
            return null;
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
