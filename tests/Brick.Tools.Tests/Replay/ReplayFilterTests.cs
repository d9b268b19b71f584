using Brick.Contracts;
using Brick.Tools.Replay;

namespace Brick.Tools.Tests.Replay;

/// <summary>Which messages a replay takes: everything by default, narrowed by each filter given.</summary>
public sealed class ReplayFilterTests
{
    private static readonly ReplayCandidate Message = new(
        "m-1", "vol-1", "compute-07", 1L << 30, 100, nameof(ResizeFailureReason.RescanTimeout), TimeSpan.FromHours(2), 0, null);

    private static ReplayFilter Filter(string[]? volumes = null, string[]? reasons = null, TimeSpan? olderThan = null, string? host = null) =>
        new(new HashSet<string>(volumes ?? []), new HashSet<string>(reasons ?? []), olderThan, host);

    [Fact]
    public void Without_filters_every_message_is_taken() => Assert.Null(ReplayFilter.All.Excludes(Message));

    [Fact]
    public void A_volume_filter_takes_any_of_the_volumes_named()
    {
        Assert.Null(Filter(volumes: ["vol-0", "vol-1"]).Excludes(Message));
        Assert.NotNull(Filter(volumes: ["vol-2"]).Excludes(Message));
        Assert.NotNull(Filter(volumes: ["vol-1"]).Excludes(Message with { VolumeId = null }));
    }

    [Fact]
    public void A_reason_filter_takes_only_messages_that_failed_for_one_of_them()
    {
        Assert.Null(Filter(reasons: [nameof(ResizeFailureReason.RescanTimeout)]).Excludes(Message));
        Assert.Contains("reason", Filter(reasons: [nameof(ResizeFailureReason.DeviceNotFound)]).Excludes(Message), StringComparison.Ordinal);
        Assert.NotNull(Filter(reasons: [nameof(ResizeFailureReason.RescanTimeout)]).Excludes(Message with { Reason = null }));
        Assert.Null(Filter(reasons: ["OutcomeNotPublished"]).Excludes(Message with { Reason = "OutcomeNotPublished" }));
    }

    [Fact]
    public void Older_than_takes_messages_that_waited_at_least_that_long_and_never_one_of_unknown_age()
    {
        Assert.Null(Filter(olderThan: TimeSpan.FromHours(2)).Excludes(Message));
        Assert.Contains("2h00m", Filter(olderThan: TimeSpan.FromHours(3)).Excludes(Message), StringComparison.Ordinal);
        Assert.Contains("unknown", Filter(olderThan: TimeSpan.FromSeconds(1)).Excludes(Message with { Age = null }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_filter_takes_only_messages_naming_that_host()
    {
        Assert.Null(Filter(host: "compute-07").Excludes(Message));
        Assert.NotNull(Filter(host: "compute-08").Excludes(Message));
    }

    [Fact]
    public void Reasons_are_read_by_name_in_any_case_and_anything_else_is_refused()
    {
        Assert.Equal(["DeviceNotFound", "OutcomeNotPublished", "RescanTimeout"],
            ReplayFilter.ParseReasons(["rescantimeout", "DeviceNotFound", "outcomenotpublished"], out _)!.Order(StringComparer.Ordinal));
        Assert.Null(ReplayFilter.ParseReasons(["3"], out var error));
        Assert.Contains("RescanTimeout", error, StringComparison.Ordinal);
        Assert.Null(ReplayFilter.ParseReasons(["Timeout"], out _));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("1h30m", 5400)]
    [InlineData("00:10:00", 600)]
    public void Durations_read_as_people_type_them(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("-5m")]
    [InlineData("0s")]
    [InlineData("2 hours")]
    [InlineData("1w")]
    public void Anything_else_is_not_a_duration(string text) => Assert.Null(DurationText.Parse(text));
}
