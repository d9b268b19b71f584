using Brick.Testing;

namespace Brick.Worker.Tests.Testing;

/// <summary>The one program runner of the tests: output captured, exit code given back, the time limit kept.</summary>
public sealed class ProgramsTests
{
    [Fact]
    public async Task The_output_and_exit_code_are_captured_and_arguments_are_passed_as_they_are()
    {
        var result = await Programs.RunAsync("sh", ["-c", "printf '%s' \"$1\"; printf 'err' >&2; exit 3", "sh", "one two; $(x)"],
            TimeSpan.FromSeconds(30));

        Assert.Equal(("one two; $(x)", "err", 3), (result.Stdout, result.Stderr, result.ExitCode));
        Assert.ThrowsAny<Exception>(() => result.Succeeded());
    }

    [Fact]
    public async Task A_program_still_running_at_its_limit_is_killed_and_fails_the_test()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => Programs.RunAsync("sleep", ["60"], TimeSpan.FromSeconds(1)));

        Assert.Contains("did not end within", failure.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
    }
}
