namespace Brick.Service.Settings;

/// <summary>
/// A settings type whose properties are keys of the <c>Brick</c> section this command accepts, whether it reads them
/// or not (<see cref="SettingsServices.AddSettingsKeys"/>): shared environment files carry every command's keys.
/// </summary>
/// <param name="Type">The settings type.</param>
internal sealed record SettingsKeys(Type Type);
