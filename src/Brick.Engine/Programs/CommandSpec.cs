namespace Brick.Engine.Programs;

/// <summary>A command to start: a program, an argument array (never a shell line) and a time limit.</summary>
public sealed record CommandSpec(string Program, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    /// <summary>The command as one line, for logs.</summary>
    public override string ToString() => string.Join(' ', [Program, .. Arguments]);
}
