using Brick.Deploy.Tests.Support;

namespace Brick.Deploy.Tests.Compose;

/// <summary>
/// A program that runs docker-compose.yml: Debian 12's <c>docker-compose</c> (Compose 1.29, Python) or the Compose v2
/// Docker CLI plugin, <c>docker compose</c> (Debian 13's 2.26.1, which deploy/ci/install-compose-v2.sh installs). The
/// compose tests run with each: the README tells users either.
/// </summary>
internal sealed record ComposeTool(string Name, string Program, IReadOnlyList<string> Prefix, string Major, string InstallHint)
{
    /// <summary>Debian 12's <c>docker-compose</c> 1.29.</summary>
    public static readonly ComposeTool V1 = new("docker-compose", "docker-compose", [], "1", "Debian: apt-get install docker-compose");

    /// <summary>The Compose v2 plugin, <c>docker compose</c>.</summary>
    public static readonly ComposeTool V2 = new("docker compose", "docker", ["compose"], "2",
        "deploy/ci/install-compose-v2.sh installs Debian 13's plugin into /usr/libexec/docker/cli-plugins");

    /// <summary>Both, by <see cref="Name"/>: the data of the compose theories.</summary>
    public static TheoryData<string> Names => [V1.Name, V2.Name];

    public static ComposeTool Named(string name) =>
        name == V1.Name ? V1 : name == V2.Name ? V2 : throw new ArgumentOutOfRangeException(nameof(name), name, "no such compose tool");

    /// <summary>
    /// Skips (or, in CI, fails) the test unless the program is on <c>PATH</c> and <c>version --short</c> names this
    /// tool's major version (a <c>docker</c> without the plugin fails it; so would a v2 binary named <c>docker-compose</c>).
    /// </summary>
    public async Task<string> RequireAsync()
    {
        Prerequisite.RequireProgram(Program, InstallHint);
        var version = await Programs.RunAsync(Program, [.. Prefix, "version", "--short"], TimeSpan.FromSeconds(30));
        var printed = version.Stdout.Trim();
        Prerequisite.Require(version.ExitCode == 0 && printed.StartsWith($"{Major}.", StringComparison.Ordinal),
            $"`{Name} version --short` {(version.ExitCode == 0 ? $"printed '{printed}'" : $"exited {version.ExitCode}")}: no Compose {Major}.x ({InstallHint})");
        return printed;
    }

    public override string ToString() => Name;
}
