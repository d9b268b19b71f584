using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Brick.Simulation.Scripting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Brick.Simulation.Settings;

/// <summary>
/// The check of <c>Brick:Simulation</c>: every key under it is one of <see cref="SimulationSettings"/>, every value
/// converts, and each volume and rule is one the simulated host can play (its own lists: <see cref="SimulatedVolumeSpec.Types"/>,
/// <see cref="SimulationRule.Playable"/>), one sentence per problem naming its key
/// (<c>Brick:Simulation:Rules:0:Fail 'Misrouted' is not a fault the simulated host plays …</c>). The values are read
/// from <paramref name="configuration"/>: where any is bad, the bound settings keep their defaults.
/// </summary>
internal sealed partial class SimulationSettingsValidator(IConfiguration configuration) : IValidateOptions<SimulationSettings>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SimulationSettings options) =>
        Problems(configuration.GetSection(SimulationSettings.Section)) is { Count: > 0 } problems
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;

    /// <summary>Every problem of the <c>Brick:Simulation</c> section <paramref name="section"/>, one sentence each.</summary>
    public static IReadOnlyList<string> Problems(IConfigurationSection section)
    {
        var problems = new List<string>();
        if (section.Value is { Length: > 0 })
            return [$"{section.Path} has keys under it (Volumes:<n>:…, Rules:<n>:…), not a value."];
        foreach (var child in section.GetChildren())
        {
            if (string.Equals(child.Key, nameof(SimulationSettings.Volumes), StringComparison.OrdinalIgnoreCase))
                problems.AddRange(Items<SimulatedVolumeSettings>(child, Volume));
            else if (string.Equals(child.Key, nameof(SimulationSettings.Rules), StringComparison.OrdinalIgnoreCase))
                problems.AddRange(Items<SimulationRuleSettings>(child, Rule));
            else
                problems.Add($"{child.Path} is not a setting (Brick:Simulation has Volumes and Rules).");
        }

        return problems;
    }

    private static IEnumerable<string> Items<T>(IConfigurationSection list, Func<string, T, IEnumerable<string>> check)
        where T : new()
    {
        foreach (var item in list.GetChildren())
        {
            if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                yield return $"{item.Path} is not a list item: number them, {list.Path}:0, {list.Path}:1, …";
                continue;
            }

            var bound = new T();
            var fine = true;
            foreach (var key in item.GetChildren())
            {
                var property = typeof(T).GetProperty(key.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (property is null)
                {
                    fine = false;
                    yield return $"{key.Path} is not a setting ({string.Join(", ", typeof(T).GetProperties().Select(p => p.Name))}).";
                }
                else if (!TryConvert(key, property.PropertyType, out var value))
                {
                    fine = false;
                    yield return $"{key.Path} '{key.Value}' is not {Kind(property.PropertyType)}.";
                }
                else
                {
                    property.SetValue(bound, value);
                }
            }

            if (fine)
            {
                foreach (var problem in check(item.Path, bound))
                    yield return problem;
            }
        }
    }

    private static IEnumerable<string> Volume(string path, SimulatedVolumeSettings v)
    {
        if (!SimulatedVolumeSpec.Types.Contains(v.Type))
            yield return $"{path}:Type '{v.Type}' is not one of {string.Join(", ", SimulatedVolumeSpec.Types)}.";
        if (v.SizeBytes <= 0 || v.SizeBytes % 512 != 0)
            yield return $"{path}:SizeBytes {v.SizeBytes} is not a positive multiple of 512.";
        if (v.Paths is < 1 or > 8)
            yield return $"{path}:Paths is {v.Paths}; use 1 to 8.";
        if (v.Wwid is not null && !Wwid().IsMatch(v.Wwid))
            yield return $"{path}:Wwid '{v.Wwid}' is not a SCSI WWID in multipath form (a type digit 1, 2, 3 or 8, then hex digits).";
    }

    private static IEnumerable<string> Rule(string path, SimulationRuleSettings r)
    {
        if (string.IsNullOrEmpty(r.Volume))
            yield return $"{path}:Volume is empty; use * for every volume.";
        if (r.Fail is { } fail && !SimulationRule.Playable.Contains(fail))
            yield return $"{path}:Fail '{fail}' is not a fault the simulated host plays ({string.Join(", ", SimulationRule.Playable)}).";
        if (r.Multipathd is not ("fail" or "timeout"))
            yield return $"{path}:Multipathd '{r.Multipathd}' is not fail or timeout.";
        if (r.Times is < 0)
            yield return $"{path}:Times is {r.Times}; use 0 or more (absent: always).";
        if (r.Request is < 1)
            yield return $"{path}:Request is {r.Request}; the first request is 1.";
        if (r.DelaySeconds is < 0 or > 3600 || !double.IsFinite(r.DelaySeconds))
            yield return $"{path}:DelaySeconds is {r.DelaySeconds.ToString(CultureInfo.InvariantCulture)}; use 0 to 3600.";
    }

    private static bool TryConvert(IConfigurationSection key, Type type, out object? value)
    {
        value = null;
        if (key.Value is null)
            return false;
        try
        {
            value = key.Get(type);
            return value is not null || Nullable.GetUnderlyingType(type) is not null || type == typeof(string);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Kind(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying switch
        {
            _ when underlying.IsEnum => $"one of {string.Join(", ", Enum.GetNames(underlying))}",
            _ when underlying == typeof(int) || underlying == typeof(long) => "a whole number",
            _ when underlying == typeof(bool) => "true or false",
            _ when underlying == typeof(double) => "a number",
            _ => "a value of this setting",
        };
    }

    [GeneratedRegex("^[1238][0-9a-fA-F]{6,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Wwid();
}
