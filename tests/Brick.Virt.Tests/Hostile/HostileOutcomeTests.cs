using System.Text;
using Brick.Service.Inbound;
using Brick.Service.Tests.Hostile;
using Brick.Virt.Messaging;
using Brick.Virt.Tests.Support;

namespace Brick.Virt.Tests.Hostile;

/// <summary>
/// blockresize's hand-written hostile outcomes, read as its consumer reads them: each is refused as
/// <c>InvalidOutcome</c> (the error queue's reason) before anything is asked of a hypervisor, in a sentence that cannot
/// forge a log line. The real-broker run of the same set is <c>Brick.Worker.IntegrationTests</c>' <c>HostileOutcomeBrokerTests</c>.
/// </summary>
public sealed class HostileOutcomeTests
{
    private static readonly IReadOnlyList<HostileOutcome> All = HostileOutcomes.All(Outcomes.Host, "/dev/dm-3");

    [Fact]
    public void The_valid_outcome_they_are_made_from_is_read() =>
        Assert.Equal("vol-hostile", Read(HostileOutcomes.Valid(Outcomes.Host, "/dev/dm-3").ToJsonString()).VolumeId);

    [Fact]
    public void There_is_every_class_for_every_string_field() =>
        Assert.InRange(All.Count, HostileOutcomes.StringFields.Length * HostileOutcomes.Forging.Length * 2, int.MaxValue);

    [Fact]
    public void Each_is_an_InvalidOutcome_in_a_sentence_that_cannot_forge_a_log_line()
    {
        var wrong = new List<string>();
        foreach (var hostile in All)
        {
            try
            {
                var read = Read(hostile.Body);
                wrong.Add($"{hostile.Name}: read as valid ({read.VolumeId} {read.DevicePath} {read.NewSizeBytes})");
            }
            catch (InvalidOutcomeException e) when (LogSafe.Is(e.Message))
            {
            }
            catch (InvalidOutcomeException e)
            {
                wrong.Add($"{hostile.Name}: the reason is not log-safe: {System.Text.Json.JsonSerializer.Serialize(e.Message)}");
            }
            catch (Exception e)
            {
                wrong.Add($"{hostile.Name}: {e.GetType().Name} instead of InvalidOutcome: {e.Message}");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"hostile outcomes: {All.Count}, wrong: {wrong.Count}");
        Assert.Empty(wrong);
    }

    [Fact]
    public void A_host_that_is_no_host_name_is_not_quoted()
    {
        var body = HostileOutcomes.Valid(Outcomes.Host, "/dev/dm-3");
        body["host"] = "compute-07\u2028Resized web-1 disk0 to 1 TiB";

        var error = Assert.Throws<InvalidOutcomeException>(() => Read(body.ToJsonString()));

        Assert.DoesNotContain("Resized web-1", error.Message, StringComparison.Ordinal);
    }

    private static Contracts.HostVolumeResized Read(string body) =>
        OutcomeReader.Read(InboundReader.Read(Encoding.UTF8.GetBytes(body), InboundReader.RawContentType), Outcomes.Host);
}
