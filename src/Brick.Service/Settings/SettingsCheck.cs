using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Brick.Service.Settings;

/// <summary>
/// The one check of a command's settings: names each bad setting, one sentence each, with the key to fix
/// (<c>Brick:QueueType 'Quorom' is not one of Quorum, Classic.</c>), every problem at once: keys of the <c>Brick</c>
/// section that are no concern's setting, values that do not convert, then each concern's own rules (its validators,
/// beside its settings), then the rules over several concerns (<see cref="ISettingsRule"/>).
/// </summary>
public sealed class SettingsCheck
{
    private readonly IConfiguration _configuration;
    private readonly IServiceProvider _services;
    private readonly IReadOnlyList<Type> _keys;
    private readonly IReadOnlyList<SettingsConcern> _concerns;
    private readonly IReadOnlyList<ISettingsRule> _rules;
    private readonly Lazy<IReadOnlyList<string>> _problems;

    internal SettingsCheck(IConfiguration configuration, IServiceProvider services, IEnumerable<SettingsKeys> keys, IEnumerable<SettingsConcern> concerns,
        IEnumerable<ISettingsRule> rules)
    {
        _configuration = configuration;
        _services = services;
        _keys = [.. keys.Select(k => k.Type).Distinct()];
        _concerns = [.. concerns];
        _rules = [.. rules];
        _problems = new(Judge);
    }

    /// <summary>Every problem of the settings, or none (judged once: the configuration is read once per process).</summary>
    public IReadOnlyList<string> Problems() => _problems.Value;

    private List<string> Judge()
    {
        var problems = SectionProblems(_configuration.GetSection(SettingsSection.Name), _keys).ToList();
        foreach (var concern in _concerns)
        {
            try
            {
                _ = concern.Read(_services);
            }
            catch (OptionsValidationException e)
            {
                problems.AddRange(e.Failures);
            }
        }

        var judged = problems.ToList();
        problems.AddRange(_rules.Select(r => r.Problem(_configuration, judged)).OfType<string>());
        return problems;
    }

    /// <summary>Throws one <see cref="OptionsValidationException"/> naming every problem, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (Problems() is { Count: > 0 } problems)
            throw new OptionsValidationException(SettingsSection.Name, typeof(SettingsCheck), problems);
    }

    /// <summary>The keys of <paramref name="section"/> that are not settings of <paramref name="types"/>, and the values that do not convert.</summary>
    internal static IEnumerable<string> SectionProblems(IConfigurationSection section, IReadOnlyList<Type> types)
    {
        foreach (var child in section.GetChildren())
        {
            if (SettingsSection.OtherParts.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                continue; // another part's settings, checked by that part
            if (SettingsBinder.Find(types, child.Key) is not { } setting)
                yield return $"{child.Path} is not a setting{Suggestion(types, child.Key)}.";
            else if (SettingsBinder.Problem(child, setting) is { } problem)
                yield return $"{SettingsSection.Key(setting.Name)} {problem}.";
        }
    }

    /// <summary>" (did you mean Broker?)" for a key one or two letters away from a setting, else "".</summary>
    private static string Suggestion(IReadOnlyList<Type> types, string key)
    {
        var closest = types.SelectMany(SettingsBinder.Settings).Select(s => (s.Name, Distance: Distance(key.ToUpperInvariant(), s.Name.ToUpperInvariant())))
            .OrderBy(c => c.Distance).FirstOrDefault();
        return closest.Name is not null && closest.Distance <= 2 ? $" (did you mean {closest.Name}?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
