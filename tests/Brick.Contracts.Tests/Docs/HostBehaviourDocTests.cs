using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Brick.Contracts.Tests.Docs;

/// <summary><c>docs/host-behaviour.md</c> names the engine's settings with their real defaults, and every failure reason.</summary>
public sealed partial class HostBehaviourDocTests
{
    private static readonly RepositoryDocument Doc = RepositoryDocument.Read("docs/host-behaviour.md");

    private static readonly MarkdownTable Bounds = Doc.Table("engine bounds");

    [Fact]
    public void Every_engine_setting_has_one_row_and_every_row_is_a_setting()
    {
        var settings = Settings().Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(settings, Bounds.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_documented_default_is_the_engine_default()
    {
        var defaults = EngineFacts.DefaultEngineOptions();
        foreach (var setting in Settings())
        {
            var documented = Bounds.Row(setting.Name)[1];
            Assert.True(Same(setting.GetValue(defaults), Parse(documented, setting.PropertyType)),
                $"{setting.Name}: documented {documented}, the engine's default is {setting.GetValue(defaults) ?? "none"}.");
        }
    }

    [Fact]
    public void Every_failure_reason_is_named()
    {
        var spans = Doc.CodeSpans().ToHashSet(StringComparer.Ordinal);

        Assert.All(Enum.GetNames<ResizeFailureReason>(), reason => Assert.Contains(reason, spans));
    }

    private static IEnumerable<PropertyInfo> Settings() =>
        EngineFacts.DefaultEngineOptions().GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    /// <summary>Equal values, or lists with equal items in order.</summary>
    private static bool Same(object? actual, object? documented) =>
        actual is IEnumerable<string> items && documented is IEnumerable<string> other ? items.SequenceEqual(other) : Equals(actual, documented);

    /// <summary>Reads a documented default: <c>3 min</c>, <c>30 s</c>, <c>500 ms</c>, <c>4</c>, <c>true</c>, <c>none</c>, <c>`a`, `b`</c> (a list).</summary>
    private static object? Parse(string text, Type type)
    {
        if (text == "none")
            return null;
        if (type == typeof(IReadOnlyList<string>))
            return text.Split(", ").Select(item => item.Trim('`')).ToList();
        if (type == typeof(TimeSpan))
        {
            var match = Duration().Match(text);
            Assert.True(match.Success, $"'{text}' is not a duration like 3 min, 30 s or 500 ms.");
            var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            return match.Groups["unit"].Value switch
            {
                "min" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMilliseconds(amount),
            };
        }

        return Convert.ChangeType(text, Nullable.GetUnderlyingType(type) ?? type, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(?<amount>[0-9]+(\.[0-9]+)?) (?<unit>min|s|ms)$")]
    private static partial Regex Duration();
}
