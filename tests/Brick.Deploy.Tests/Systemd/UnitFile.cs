namespace Brick.Deploy.Tests.Systemd;

/// <summary>A systemd unit file read as its sections' settings (a key may repeat) and its comment lines.</summary>
internal sealed class UnitFile
{
    private readonly List<(string Section, string Key, string Value)> _settings = [];

    public UnitFile(string path)
    {
        var section = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0)
                continue;
            if (line[0] is '#' or ';')
                Comments.Add(line.TrimStart('#', ';').Trim());
            else if (line[0] == '[')
                section = line.Trim('[', ']');
            else if (line.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
                _settings.Add((section, line[..eq].Trim(), line[(eq + 1)..].Trim()));
            else
                throw new FormatException($"{path}: cannot read '{raw}'");
        }
    }

    /// <summary>The comment lines, without their <c>#</c>.</summary>
    public List<string> Comments { get; } = [];

    /// <summary>Every value of a key in a section.</summary>
    public IReadOnlyList<string> All(string section, string key) =>
        _settings.Where(s => s.Section == section && s.Key == key).Select(s => s.Value).ToList();

    /// <summary>The single value of a key, or null.</summary>
    public string? Get(string section, string key) => All(section, key) switch
    {
        [] => null,
        [var one] => one,
        var many => throw new InvalidOperationException($"[{section}] {key} is set {many.Count} times"),
    };
}
