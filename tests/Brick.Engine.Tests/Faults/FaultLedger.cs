using System.Collections.Concurrent;
using Brick.Contracts;

namespace Brick.Engine.Tests.Faults;

/// <summary>
/// What the host-misbehaviour campaign saw, one entry per fault injected; when the class's tests are done it prints the
/// figure line (faults injected, writes after a fault was seen) on stderr and writes it beside the test assembly and to
/// the repository's <c>artifacts/host-misbehaviour-figures.txt</c>, which <c>.ci/run</c> prints.
/// </summary>
public sealed class FaultLedger : IDisposable
{
    /// <summary>The file the figure line is written to, beside the test assembly.</summary>
    public static string FiguresFile { get; } = Path.Combine(AppContext.BaseDirectory, "host-misbehaviour-figures.txt");

    private readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>One fault: the reason it ended in, whether within its bound, writes after it was seen, whether the next volume was served.</summary>
    public sealed record Entry(string Fault, ResizeFailureReason? Reason, TimeSpan Took, bool WithinBound, int WritesAfterFault, bool OtherVolumeServed);

    public void Add(Entry entry) => _entries.Enqueue(entry);

    /// <summary>The figure line.</summary>
    public string Summary()
    {
        var entries = _entries.ToList();
        return $"host misbehaviour: faults injected = {entries.Count}, ended in their named reason within their bound = {entries.Count(e => e.WithinBound)}, "
            + $"writes after fault = {entries.Sum(e => e.WritesAfterFault)}, other volume served after = {entries.Count(e => e.OtherVolumeServed)}/{entries.Count}";
    }

    public void Dispose()
    {
        var lines = _entries.OrderBy(e => e.Fault, StringComparer.Ordinal)
            .Select(e => $"  {e.Fault}: {e.Reason} in {e.Took.TotalMilliseconds:0} ms, writes after fault {e.WritesAfterFault}")
            .Prepend(Summary()).ToList();
        Console.Error.WriteLine(string.Join(Environment.NewLine, lines));
        File.WriteAllLines(FiguresFile, lines);
        if (Brick.Testing.Artifacts.File(Path.GetFileName(FiguresFile)) is { } artifact)
            File.WriteAllLines(artifact, lines);
    }
}
