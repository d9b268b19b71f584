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

    /// <summary>The password in <paramref name="file"/> (one trailing newline dropped), or null with why it cannot be read.</summary>
    public static string? Read(string file, out string? error)
    {
        error = null;
        try
        {
            var text = System.IO.File.ReadAllText(file);
            return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"BrokerPasswordFile '{file}' cannot be read: {e.Message}";
            return null;
        }
    }
}
