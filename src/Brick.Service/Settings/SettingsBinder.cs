using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>
/// Binds the <c>Brick</c> section onto one concern's settings with the configuration binder, one setting at a time:
/// a value that does not convert keeps its default and is named by <see cref="SettingsCheck"/> in the user's words,
/// next to every other bad setting. (The binder over the whole section stops at the first bad value and names .NET types.)
/// </summary>
internal static class SettingsBinder
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<PropertyInfo>> Properties = new();

    /// <summary>Every setting of the concern <paramref name="type"/>: its public settable properties.</summary>
    public static IReadOnlyList<PropertyInfo> Settings(Type type) =>
        Properties.GetOrAdd(type, t => [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)]);

    /// <summary>Sets each setting of <paramref name="settings"/> that <paramref name="section"/> holds a readable value for.</summary>
    public static void Bind(IConfigurationSection section, object settings)
    {
        foreach (var setting in Settings(settings.GetType()))
        {
            var child = section.GetSection(setting.Name);
            if (child.Exists() && TryRead(child, setting, out var value))
                setting.SetValue(settings, value);
        }
    }

    /// <summary>A concern's settings bound from <paramref name="configuration"/>'s section, unchecked (for a check that reads another concern's).</summary>
    public static T Read<T>(IConfiguration configuration)
        where T : new()
    {
        var settings = new T();
        Bind(configuration.GetSection(SettingsSection.Name), settings);
        return settings;
    }

    /// <summary>The setting of <paramref name="types"/> a configuration key names (case-insensitive, as the binder), or null.</summary>
    public static PropertyInfo? Find(IEnumerable<Type> types, string key) =>
        types.SelectMany(Settings).FirstOrDefault(s => string.Equals(s.Name, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The names of the settings of <paramref name="type"/> whose value in <paramref name="section"/> does not convert: their rules are not judged.</summary>
    public static IReadOnlySet<string> Unread(IConfigurationSection section, Type type) =>
        Settings(type).Where(s => section.GetSection(s.Name) is { } child && child.Exists() && Problem(child, s) is not null)
            .Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

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
