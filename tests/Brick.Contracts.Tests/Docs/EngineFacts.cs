using System.Reflection;
using Brick.Engine.Requests;

namespace Brick.Contracts.Tests.Docs;

/// <summary>
/// What the engine says about the contract, for the docs to be held to. Found by reflection where the member need not
/// be public (the engine keeps its surface small), so that these tests follow the code rather than pin its visibility.
/// </summary>
internal static class EngineFacts
{
    private static readonly Assembly Engine = typeof(RequestValidator).Assembly;

    /// <summary>The engine's default answer to "may the same request succeed later?" for a reason.</summary>
    public static bool IsRetriable(ResizeFailureReason reason)
    {
        var method = Engine.GetTypes()
            .Select(t => t.GetMethod("IsRetriable", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(ResizeFailureReason)]))
            .SingleOrDefault(m => m is not null && m.ReturnType == typeof(bool))
            ?? throw new InvalidOperationException($"{Engine.GetName().Name} has no static bool IsRetriable(ResizeFailureReason) any more; point this test at what replaced it.");
        return (bool)method.Invoke(null, [reason])!;
    }

    /// <summary>Every kind of target a request can name: one per supported <c>driverVolumeType</c>.</summary>
    public static IReadOnlyList<Type> TargetTypes { get; } =
        [.. Engine.GetTypes().Where(t => t.IsSubclassOf(typeof(VolumeTarget)) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>The engine's settings type with its defaults.</summary>
    public static object DefaultEngineOptions()
    {
        var type = Engine.GetTypes().SingleOrDefault(t => t.Name == "EngineOptions")
            ?? throw new InvalidOperationException($"{Engine.GetName().Name} has no EngineOptions any more; point this test at what replaced it.");
        return Activator.CreateInstance(type, nonPublic: true)!;
    }
}
