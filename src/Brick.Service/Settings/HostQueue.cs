namespace Brick.Service.Settings;

/// <summary>
/// The longest name a consumer gives a queue of its host (its error queue's): <see cref="HostSettingsValidator"/> holds
/// the host name to the shortest limit of every consumer a command runs. run's is built in; blockresize adds its own.
/// </summary>
/// <param name="Name">The queue's name for a host (<c>EntityNames.BlockresizeErrorQueue</c>, say).</param>
internal sealed record HostQueue(Func<string, string> Name);
