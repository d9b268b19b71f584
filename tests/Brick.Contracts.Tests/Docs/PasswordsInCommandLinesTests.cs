using System.Text.RegularExpressions;

namespace Brick.Contracts.Tests.Docs;

/// <summary>
/// No <c>brick-worker</c> command line the docs show puts a broker password in its arguments (readable by every user
/// of the host in <c>ps</c> and <c>/proc/PID/cmdline</c>, and kept in shell history): the user goes in the URI, the
/// password in <c>--broker-password-file</c> (or systemd's credential).
/// </summary>
public sealed partial class PasswordsInCommandLinesTests
{
    public static TheoryData<string> Documents { get; } =
    [
        .. new[] { "docs", "deploy", "src", "examples" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryDocument.Root, folder), "*.md", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(RepositoryDocument.Root, p))
            .Append("README.md")
            .Order(StringComparer.Ordinal),
    ];

    [GeneratedRegex(@"brick-worker\b.*--broker\s+(?<uri>amqps?://[^\s/@]*:[^\s/@]*@\S*)")]
    private static partial Regex BrokerWithPassword();

    [Theory]
    [MemberData(nameof(Documents))]
    public void No_brick_worker_command_line_carries_a_broker_password(string document)
    {
        var lines = RepositoryDocument.Read(document).Text.Split('\n')
            .Where(line => BrokerWithPassword().IsMatch(line))
            .ToList();

        Assert.True(lines.Count == 0, $"{document}: a password in argv:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
    }
}
