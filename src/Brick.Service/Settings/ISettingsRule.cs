using Microsoft.Extensions.Configuration;

namespace Brick.Service.Settings;

/// <summary>
/// A rule over the settings of more than one concern (a consumer's delivery budget), judged by <see cref="SettingsCheck"/>
/// once every concern has been checked.
/// </summary>
internal interface ISettingsRule
{
    /// <summary>
    /// What is wrong with the settings in <paramref name="configuration"/> under this rule, or null; not judged where
    /// <paramref name="problems"/> (every concern's) already names a setting the rule reads.
    /// </summary>
    string? Problem(IConfiguration configuration, IReadOnlyList<string> problems);
}
