namespace Brick.Service.Settings;

/// <summary>The problems one concern's validator finds, each named <c>Brick:Key …</c>; a setting in <c>unread</c> (its value does not convert) is not judged.</summary>
/// <param name="unread">The settings whose value does not convert.</param>
internal sealed class SettingsRules(IReadOnlySet<string> unread)
{
    private readonly List<string> _problems = [];

    /// <summary>The problems found.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Whether <paramref name="setting"/>'s value did not convert (then it keeps its default and is not judged).</summary>
    public bool IsUnread(string setting) => unread.Contains(setting);

    /// <summary>Adds <c>Brick:<paramref name="setting"/> <paramref name="message"/>.</c> unless <paramref name="ok"/> or the setting is unread.</summary>
    public void Check(string setting, bool ok, string message)
    {
        if (!ok && !IsUnread(setting))
            _problems.Add($"{SettingsSection.Key(setting)} {message}.");
    }

    /// <summary>Adds a problem as it is worded (it names its key).</summary>
    public void Add(string problem) => _problems.Add(problem);

    /// <summary>"'Value' is not one of A, B" for an enum setting's value.</summary>
    public static string OneOf<T>(T value)
        where T : struct, Enum => $"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}";
}
