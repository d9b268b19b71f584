using Brick.Engine.Programs;

namespace Brick.Engine.Resize;

/// <summary>multipathd's answer to a command: its one line of stdout (<c>ok</c>, <c>fail</c>, <c>timeout</c>), lower-cased, or null.</summary>
internal static class MultipathdOutput
{
    public static string? Of(CommandResult result) =>
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault()?.ToLowerInvariant();
}
