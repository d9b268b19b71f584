namespace Brick.Deploy.Tests.Support;

/// <summary>
/// Why a test is skipped: it checks what issue 9 (or 8) asks of <c>src/</c>, which is not there yet. Remove the
/// <c>Skip</c> of a test when the feature lands; the test is written against the behaviour the issue describes.
/// </summary>
internal static class PendingSrc
{
    public const string Check = "Pending src/: `brick-worker check` (issue 8)";
}
