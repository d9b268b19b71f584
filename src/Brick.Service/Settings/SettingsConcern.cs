namespace Brick.Service.Settings;

/// <summary>
/// One concern's settings registered in a container (<see cref="SettingsServices.AddSettings{TSettings, TValidator}"/>):
/// its type and how to read them, checked by its own validators, for <see cref="SettingsCheck"/> to gather every problem.
/// </summary>
/// <param name="Type">The concern's settings type.</param>
/// <param name="Read">Reads the bound settings (from the options monitor); throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> when its validators refuse them.</param>
internal sealed record SettingsConcern(Type Type, Func<IServiceProvider, object> Read);
