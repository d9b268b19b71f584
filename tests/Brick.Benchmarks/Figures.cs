using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Brick.Benchmarks;

/// <summary>One figure: what, the worker's value, the baseline measured in the same run, the target, and whether it is met.</summary>
public sealed record Figure(string Name, double Value, string Unit, double? Baseline, string Target, bool? Met, string Note = "");

/// <summary>Every figure of one run, printed as a table and written as JSON and Markdown.</summary>
public sealed class Figures
{
    private readonly List<Figure> _figures = [];

    public IReadOnlyList<Figure> All => _figures;

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine(Row(figure));
    }

    public Figure this[string name] => _figures.Single(f => f.Name == name);

    public string Table()
    {
        var text = new StringBuilder("| figure | value | baseline (same run) | target | met | note |\n|---|---|---|---|---|---|\n");
        foreach (var f in _figures)
            text.AppendLine(Row(f));
        return text.ToString();
    }

    public void Write(string directory, string size, string broker)
    {
        Directory.CreateDirectory(directory);
        var meta = new
        {
            size,
            broker,
            date = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            machine = $"{Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}",
            figures = _figures,
        };
        File.WriteAllText(Path.Combine(directory, "benchmarks.json"), JsonSerializer.Serialize(meta, new JsonSerializerOptions { WriteIndented = true }));
        File.WriteAllText(Path.Combine(directory, "benchmarks.md"),
            $"# Benchmarks ({size})\n\n{meta.date}, {meta.machine}, broker: {broker}\n\n{Table()}");
    }

    private static string Row(Figure f) => string.Create(CultureInfo.InvariantCulture,
        $"| {f.Name} | {f.Value:0.###} {f.Unit} | {(f.Baseline is { } b ? $"{b:0.###} {f.Unit}" : "—")} | {f.Target} | {(f.Met is { } m ? m ? "yes" : "NO" : "—")} | {f.Note} |");
}
