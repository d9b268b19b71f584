using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Brick.Service.Settings;
using Brick.Worker.Cli;

namespace Brick.Worker.Tests.Cli;

/// <summary>
/// docs/worker-service.md's settings table and the settings model tell the same story: every setting of every concern
/// (<see cref="SettingsCatalog"/>), its default.
/// </summary>
public sealed partial class SettingsDocsTests
{
    /// <summary>Every setting: the public settable properties of each concern's settings, as they are bound.</summary>
    private static IReadOnlyList<PropertyInfo> Settings { get; } =
        [.. SettingsCatalog.Concerns.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))];

    [Fact]
    public void No_two_concerns_share_a_key()
    {
        Assert.Empty(Settings.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    /// <summary>The docs' way of saying the default of <c>Host</c>, which is the machine's name wherever the worker runs.</summary>
    private const string MachineName = "the machine's name";

    [Fact]
    public void Every_setting_has_a_row_in_the_docs()
    {
        var rows = SettingsTable.Read();

        Assert.Empty(Settings.Select(s => s.Name).Except(rows.Keys));
    }

    [Fact]
    public void Every_row_of_the_docs_is_a_setting()
    {
        var rows = SettingsTable.Read();

        Assert.Empty(rows.Keys.Except(Settings.Select(s => s.Name)));
    }

    [Fact]
    public void Every_row_gives_the_model_s_default()
    {
        foreach (var (name, row) in SettingsTable.Read())
        {
            var setting = Settings.Single(s => s.Name == name);
            var value = setting.GetValue(Activator.CreateInstance(setting.DeclaringType!));
            var expected = setting.Name == nameof(HostSettings.Host) && Equals(value, Environment.MachineName)
                ? MachineName
                : Describe(value);
            Assert.True(expected == row.Default, $"docs/worker-service.md says {name} defaults to '{row.Default}'; the model says '{expected}'.");
        }
    }

    /// <summary>A default as the table shows it: durations as <c>hh:mm:ss</c>, nothing as <c>none</c>, a list's items joined by <c>, </c>.</summary>
    private static string Describe(object? value) => value switch
    {
        null => "none",
        string text => text,
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        System.Collections.IEnumerable items when !items.Cast<object>().Any() => "none",
        IEnumerable<string> items => string.Join(", ", items),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "none",
    };

    /// <summary>The rows of the table under "## Settings": <c>| `Key` | `--option` | default | meaning |</c>.</summary>
    internal static partial class SettingsTable
    {
        public static IReadOnlyDictionary<string, (string Option, string Default)> Read()
        {
            var lines = File.ReadAllLines(Docs());
            var start = Array.IndexOf(lines, "## Settings");
            Assert.True(start >= 0, "docs/worker-service.md has no '## Settings' section");
            var rows = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            foreach (var line in lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2))
            {
                var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                rows.Add(Unquote(cells[0]), (Unquote(cells[1]), Unquote(cells[2])));
            }

            return rows;
        }

        private static string Unquote(string cell) => Quoted().Match(cell) is { Success: true } m ? m.Groups[1].Value : cell;

        [GeneratedRegex("^`([^`]*)`$")]
        private static partial Regex Quoted();

        private static string Docs() => Brick.Testing.RepositoryRoot.Of("docs", "worker-service.md");
    }
}
