namespace Brick.Simulation.Devices;

/// <summary>How the simulated kernel treats a rescan of one path.</summary>
public abstract record PathBehaviour
{
    private PathBehaviour() { }

    /// <summary>The rescan applies the LUN's capacity at once.</summary>
    public static PathBehaviour Prompt { get; } = new PromptBehaviour();

    /// <summary>The first <paramref name="rescans"/> rescans see the old capacity; later ones apply it.</summary>
    public static PathBehaviour LateBy(int rescans) => new LateBehaviour(rescans);

    /// <summary>The rescan applies the capacity <paramref name="delay"/> after it was written.</summary>
    public static PathBehaviour Delayed(TimeSpan delay) => new DelayedBehaviour(delay);

    /// <summary>The path never sees a new capacity (a target that does not report it on this path).</summary>
    public static PathBehaviour Never { get; } = new NeverBehaviour();

    internal sealed record PromptBehaviour : PathBehaviour;

    internal sealed record LateBehaviour(int Rescans) : PathBehaviour;

    internal sealed record DelayedBehaviour(TimeSpan Delay) : PathBehaviour;

    internal sealed record NeverBehaviour : PathBehaviour;
}
