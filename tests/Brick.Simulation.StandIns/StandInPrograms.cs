using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Brick.Engine.Programs;
using Brick.Simulation.Files;
using Brick.Simulation.Hosts;

namespace Brick.Simulation.StandIns;

/// <summary>
/// Executables in the simulated host's tree, <c>usr/sbin/multipathd</c>, <c>cryptsetup</c> and <c>losetup</c>, for code
/// that starts real processes (the production command runner, the CLI, the service). Each hands its arguments to the
/// host through a file in <c>run/brick-sim</c> and prints the host's answer, which <see cref="SimulatedPrograms"/> gives:
/// a stand-in answers exactly as the in-process simulated program does, scripted replies, latency and call record
/// included. A call the host does not answer (a hang) lasts until its process is killed; a stand-in whose host is gone
/// exits 125.
/// </summary>
internal sealed class StandInPrograms : IAsyncDisposable
{
    private const string DeskDir = "run/brick-sim";
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(2);

    // One script for the three programs: it is named for the program it stands for.
    private const string Script = """
        #!/bin/sh
        # Stand-in for a host program on a simulated host (Brick.Simulation): hands its arguments to the host and prints
        # the answer, which is the simulated program's. Exits 125 when the host is gone.
        desk='@DESK@'
        call="$desk/$(basename "$0").$$"
        rm -f "$call.out" "$call.err" "$call.exit"
        if [ $# -gt 0 ]; then printf '%s\0' "$@"; fi > "$call.args" && mv "$call.args" "$call.call" || exit 125
        while [ ! -e "$call.exit" ]; do
          if [ ! -d "$desk" ]; then echo "$0: the simulated host is gone" >&2; exit 125; fi
          sleep 0.01
        done
        cat "$call.out"
        cat "$call.err" >&2
        code=$(cat "$call.exit")
        rm -f "$call.out" "$call.err" "$call.exit"
        exit "$code"
        """;

    private readonly SimulatedHost _host;
    private readonly string _desk;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, Task> _answering = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public StandInPrograms(SimulatedHost host, TreeWriter tree)
    {
        _host = host;
        _desk = tree.Dir(DeskDir);
        if (_desk.Contains('\'', StringComparison.Ordinal))
            throw new ArgumentException($"The simulated host's folder cannot be quoted in a shell script: {_desk}", nameof(tree));
        foreach (var name in SimulatedPrograms.Names)
        {
            tree.File($"usr/sbin/{name}", Script.Replace("@DESK@", _desk, StringComparison.Ordinal) + "\n");
            File.SetUnixFileMode(tree.Path($"usr/sbin/{name}"),
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }

        Paths = new ProgramPaths(
            tree.Path($"usr/sbin/{SimulatedPrograms.Multipathd}"),
            tree.Path($"usr/sbin/{SimulatedPrograms.Cryptsetup}"),
            tree.Path($"usr/sbin/{SimulatedPrograms.Losetup}"));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The stand-ins' paths.</summary>
    public ProgramPaths Paths { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await Task.WhenAll(_answering.Values);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            foreach (var file in Calls())
            {
                var call = file[..^".call".Length];
                var taken = call + ".taken";
                try
                {
                    File.Move(file, taken);
                }
                catch (IOException)
                {
                    continue; // not complete yet, or gone
                }

                var task = AnswerAsync(call, taken);
                _answering[call] = task;
                _ = task.ContinueWith(_ => _answering.TryRemove(call, out var _), TaskScheduler.Default);
            }
        }
    }

    private string[] Calls()
    {
        try
        {
            return Directory.GetFiles(_desk, "*.call");
        }
        catch (IOException)
        {
            return []; // the host's folder is being removed
        }
    }

    /// <summary>Answers the call <c>PROGRAM.PID</c>: its stdout and stderr first, then its exit code, which the stand-in waits for.</summary>
    private async Task AnswerAsync(string call, string taken)
    {
        var program = Path.GetFileName(call).Split('.')[0];
        (int ExitCode, string Stdout, string Stderr) answer;
        try
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(taken, _stop.Token));
            string[] arguments = text.Length == 0 ? [] : text[..^1].Split('\0');
            File.Delete(taken);
            answer = SimulatedPrograms.Names.Contains(program)
                ? await SimulatedPrograms.RunAsync(_host, program, arguments, _stop.Token)
                : (125, "", $"{program}: not a simulated program\n");
        }
        catch (OperationCanceledException)
        {
            answer = (125, "", $"{program}: the simulated host stopped before answering\n");
        }

        try
        {
            await File.WriteAllTextAsync(call + ".out", answer.Stdout, CancellationToken.None);
            await File.WriteAllTextAsync(call + ".err", answer.Stderr, CancellationToken.None);
            await File.WriteAllTextAsync(call + ".exit.tmp", answer.ExitCode.ToString(CultureInfo.InvariantCulture) + "\n", CancellationToken.None);
            File.Move(call + ".exit.tmp", call + ".exit", overwrite: true);
        }
        catch (IOException)
        {
            // The host's folder is being removed: the stand-in gives up by itself.
        }
    }
}
