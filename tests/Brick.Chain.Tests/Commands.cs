using System.Diagnostics;

namespace Brick.Chain.Tests;

/// <summary>Runs a helper program of the test to its end: an argument array, a time limit, its output returned.</summary>
internal static class Commands
{
    public static Task<string> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, bool check = true) =>
        RunWithEnvironmentAsync(program, arguments, new Dictionary<string, string>(), timeout, check);

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="environment"/> added to the program's environment.</summary>
    public static async Task<string> RunWithEnvironmentAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, bool check = true)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        using var limit = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not end within {timeout.TotalSeconds} s.");
        }

        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    /// <summary>Whether <paramref name="program"/> is on the PATH.</summary>
    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, program)));
}
