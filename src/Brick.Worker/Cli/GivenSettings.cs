namespace Brick.Worker.Cli;

/// <summary>What the command line says of the settings.</summary>
/// <param name="Overrides">The settings the options given set, keys such as <c>Brick:Host</c>.</param>
/// <param name="Problems">What is wrong with an option itself, one sentence each.</param>
/// <param name="OptionOf">The option that set each key.</param>
internal sealed record GivenSettings(
    IReadOnlyDictionary<string, string?> Overrides, IReadOnlyList<string> Problems, IReadOnlyDictionary<string, string> OptionOf)
{
    /// <summary>A settings problem (<c>Brick:SysRoot '/x' is not a directory.</c>) named by the option the user typed, when one set it.</summary>
    public string InUserWords(string problem)
    {
        var key = problem.Split(' ', 2)[0];
        return OptionOf.TryGetValue(key, out var option) ? option + problem[key.Length..] : problem;
    }
}
