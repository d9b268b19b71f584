using System.Globalization;
using System.Text;

namespace Brick.Testing;

/// <summary>
/// The figures a reliability test measured (events, faults injected, losses, duplicates, generated cases, writes seen),
/// appended as a Markdown section to <c>artifacts/reliability-figures.md</c> in the repository, which <c>.ci/run</c>
/// prints at the end of a run and docs/reliability.md quotes. Several test processes may append at once.
/// </summary>
public static class ReliabilityFigures
{
    /// <summary>The file, relative to the repository's root.</summary>
    public const string RelativePath = "artifacts/reliability-figures.md";

    /// <summary>
    /// Appends <paramref name="figures"/> under the heading <paramref name="test"/> (the test that measured them) and
    /// returns the section as written, for the test's own output. Outside a checkout (no <c>Brick.Worker.sln</c> above
    /// the test's folder) it only returns it.
    /// </summary>
    public static string Record(string test, IEnumerable<(string Figure, string Value)> figures)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"### {test}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.MachineName}, {Environment.ProcessorCount} CPUs")
            .AppendLine()
            .AppendLine("| figure | value |")
            .AppendLine("|---|---|");
        foreach (var (figure, value) in figures)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(figure)} | {Cell(value)} |");
        text.AppendLine();

        if (RepositoryRoot.Above(AppContext.BaseDirectory) is { } root)
            Append(Path.Combine(root, RelativePath), text.ToString());
        return text.ToString();
    }

    private static void Append(string file, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.None);
                stream.Write(Encoding.UTF8.GetBytes(text));
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(100); // another test process is appending
            }
        }
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
