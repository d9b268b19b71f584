using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>
/// Binds the <c>Brick</c> section onto <see cref="WorkerSettings"/> with the configuration binder, one setting at a
/// time: a value that does not convert keeps its default and is named by <see cref="WorkerSettingsValidator"/> in the
/// user's words, next to every other bad setting. (The binder over the whole section stops at the first bad value
/// and names .NET types.)
/// </summary>
internal static class SettingsBinder
{
    /// <summary>Every setting: the public settable properties of <see cref="WorkerSettings"/>.</summary>
    public static IReadOnlyList<PropertyInfo> Settings { get; } =
        [.. typeof(WorkerSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)];

    /// <summary>Sets each setting <paramref name="section"/> holds a readable value for.</summary>
    public static void Bind(IConfigurationSection section, WorkerSettings settings)
    {
        foreach (var setting in Settings)
        {
            var child = section.GetSection(setting.Name);
            if (child.Exists() && TryRead(child, setting, out var value))
                setting.SetValue(settings, value);
        }
    }

    /// <summary>The setting a configuration key names (case-insensitive, as the binder), or null.</summary>
    public static PropertyInfo? Find(string key) =>
        Settings.FirstOrDefault(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Why the value under <paramref name="child"/> is not one of <paramref name="setting"/>, in the user's words, or null.</summary>
    public static string? Problem(IConfigurationSection child, PropertyInfo setting)
    {
        var type = setting.PropertyType;
        if (IsList(type) && !string.IsNullOrEmpty(child.Value))
            return $"is a list: give each item its own key, {child.Path}:0, {child.Path}:1, … ({child.Path.Replace(":", "__", StringComparison.Ordinal)}__0 in the environment)";
        if (TryRead(child, setting, out _))
            return null;
        if (child.Value is null)
            return $"has keys under it ({string.Join(", ", child.GetChildren().Select(c => c.Path))}); give it one value";

        var text = $"'{child.Value}'";
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying.IsEnum => $"{text} is not one of {string.Join(", ", Enum.GetNames(underlying))}",
            _ when underlying == typeof(int) => $"{text} is not a whole number",
            _ when underlying == typeof(bool) => $"{text} is not true or false",
            _ when underlying == typeof(TimeSpan) => $"{text} is not a duration such as 00:00:30 (hh:mm:ss)",
            _ => $"{text} is not a value of this setting",
        };
    }

    private static bool TryRead(IConfigurationSection child, PropertyInfo setting, out object? value)
    {
        var type = setting.PropertyType;
        value = null;
        if (IsList(type) && child.Value is not null)
        {
            // An empty value is what an empty JSON array ([]) becomes: the empty list.
            value = child.Value.Length == 0 ? Array.Empty<string>() : null;
            return value is not null;
        }

        try
        {
            value = child.Get(type);
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        if (value is null && IsList(type))
            value = Array.Empty<string>();
        return value is not null || new NullabilityInfoContext().Create(setting).WriteState == NullabilityState.Nullable;
    }

    private static bool IsList(Type type) => type != typeof(string) && type.IsAssignableTo(typeof(System.Collections.IEnumerable));
}
