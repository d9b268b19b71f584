namespace Brick.Simulation.Hosts;

/// <summary>One call of a simulated program (<c>multipathd</c>, <c>cryptsetup</c>, <c>losetup</c>), in-process or through its stand-in executable.</summary>
/// <param name="Program">The program's name, e.g. <c>multipathd</c>.</param>
/// <param name="Arguments">Its arguments, as given.</param>
public sealed record ProgramCall(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>The call as a command line, e.g. <c>multipathd resize map /dev/dm-0</c>.</summary>
    public override string ToString() => string.Join(' ', [Program, .. Arguments]);
}
