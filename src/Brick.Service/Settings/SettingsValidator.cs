using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Brick.Service.Settings;

/// <summary>
/// The check of one concern's settings, beside them: its rules, one sentence each, named by the key to fix. A setting
/// whose value does not convert is not judged (<see cref="SettingsCheck"/> names it in the user's words).
/// </summary>
/// <typeparam name="TSettings">The concern's settings.</typeparam>
internal abstract class SettingsValidator<TSettings>(IConfiguration configuration) : IValidateOptions<TSettings>
    where TSettings : class
{
    /// <summary>The configuration the settings are bound from.</summary>
    protected IConfiguration Configuration { get; } = configuration;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TSettings options)
    {
        var rules = new SettingsRules(SettingsBinder.Unread(Configuration.GetSection(SettingsSection.Name), typeof(TSettings)));
        Check(options, rules);
        return rules.Problems.Count > 0 ? ValidateOptionsResult.Fail(rules.Problems) : ValidateOptionsResult.Success;
    }

    /// <summary>Judges <paramref name="settings"/> by the concern's rules into <paramref name="rules"/>.</summary>
    protected abstract void Check(TSettings settings, SettingsRules rules);
}
