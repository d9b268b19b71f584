namespace Brick.Cinder.Bridging;

/// <summary>
/// The keys of a connection that are never sent on, logged or counted: CHAP's (<c>auth_method</c>, <c>auth_username</c>,
/// <c>auth_password</c>, and <c>discovery_auth_*</c>, <c>target_auth_*</c> alike: every key that starts with or
/// contains <c>auth_</c>), and every key whose name holds <c>password</c>, <c>passwd</c>, <c>secret</c>, <c>token</c>,
/// <c>credential</c>, <c>keyring</c> or <c>private_key</c>, in any letter case, at any depth. The worker needs none of
/// them: it rescans sessions the host already has, it never logs in.
/// </summary>
public static class SecretKeys
{
    private static readonly string[] Words = ["auth_", "password", "passwd", "secret", "token", "credential", "keyring", "private_key"];

    /// <summary>Whether <paramref name="key"/> names a secret by the rule above.</summary>
    public static bool IsSecret(string key) => Words.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase));
}
