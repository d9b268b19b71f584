namespace Brick.Service.Settings;

/// <summary>
/// The one configuration section every concern's settings are bound from (<c>Brick:Host</c>, <c>Brick:QueueType</c>,
/// <c>Brick:QmpDirectory</c>, …): flat, each key the name of one property of one concern's settings.
/// </summary>
public static class SettingsSection
{
    /// <summary>The configuration section.</summary>
    public const string Name = "Brick";

    /// <summary>
    /// The keys under <see cref="Name"/> that hold another part's settings, not a concern's: <c>Simulation</c>, the
    /// simulated host's of <c>run --simulate</c> (Brick.Simulation binds and checks them where it is built from them).
    /// The check of the section's keys (<see cref="SettingsCheck"/>) leaves them alone.
    /// </summary>
    public static IReadOnlyList<string> OtherParts { get; } = ["Simulation"];

    /// <summary>The key of <paramref name="setting"/>, <c>Brick:Setting</c>.</summary>
    public static string Key(string setting) => $"{Name}:{setting}";
}
