using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Engine.Telemetry;
using Brick.Service.Tests.Messaging;

namespace Brick.Service.Tests.Hostile;

/// <summary>
/// The hand-written hostile messages of <c>hostile-messages.jsonl</c>: through the consumer's own read and validation,
/// each ends with the reason written beside it, in a detail that cannot forge a log line.
/// </summary>
public sealed class HostileMessageTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void There_are_at_least_200_of_them_each_with_a_reason() =>
        Assert.InRange(HostileMessage.All.Count, 200, int.MaxValue);

    [Fact]
    public void Each_ends_with_the_reason_written_beside_it_in_a_detail_that_cannot_forge_a_log_line()
    {
        var validator = new RequestValidator(InMemoryWorker.ComputeHost);
        var wrong = new List<string>();
        foreach (var message in HostileMessage.All)
        {
            var validation = message.Judge(validator);
            if (validation.Reason != message.Reason)
                wrong.Add($"{message.Name}: {validation.Reason?.ToString() ?? "valid"} ({validation.Detail}), expected {message.Reason}");
            else if (!LogSafe.Is(validation.Detail))
                wrong.Add($"{message.Name}: the detail is not log-safe: {validation.Detail}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"hand-written hostile messages: {HostileMessage.All.Count}, wrong: {wrong.Count}");
        Assert.Empty(wrong);
    }
}
