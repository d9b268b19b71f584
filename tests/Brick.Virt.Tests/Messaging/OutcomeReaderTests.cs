using System.Text;
using System.Text.Json;
using Brick.Contracts;
using Brick.Service.Inbound;
using Brick.Virt.Messaging;
using Brick.Virt.Tests.Support;

namespace Brick.Virt.Tests.Messaging;

public sealed class OutcomeReaderTests
{
    private static readonly string Raw = JsonSerializer.Serialize(Outcomes.Resized("/dev/dm-3", 12L << 30), ContractJson.Options);

    [Fact]
    public void A_raw_outcome_is_read()
    {
        var outcome = OutcomeReader.Read(InboundReader.Read(Encoding.UTF8.GetBytes(Raw), InboundReader.RawContentType), Outcomes.Host);

        Assert.Equal(("/dev/dm-3", 12L << 30), (outcome.DevicePath, outcome.NewSizeBytes));
    }

    [Fact]
    public void An_outcome_in_a_masstransit_envelope_is_read()
    {
        var envelope = $$"""{"messageId":"m-1","correlationId":"c-1","messageType":["urn:message:Brick.Contracts:HostVolumeResized"],"message":{{Raw}}}""";

        var delivered = InboundReader.Read(Encoding.UTF8.GetBytes(envelope), InboundReader.EnvelopeContentType);

        Assert.Equal("vol-1", OutcomeReader.Read(delivered, Outcomes.Host).VolumeId);
        Assert.Equal("c-1", delivered.CorrelationId);
    }

    [Fact]
    public void An_outcome_of_another_host_is_invalid() =>
        Assert.Contains("compute-07", Assert.Throws<InvalidOutcomeException>(
            () => OutcomeReader.Read(InboundReader.Read(Encoding.UTF8.GetBytes(Raw), null), "compute-09")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"volumeId":"v"}""")]
    [InlineData("[]")]
    [InlineData("not json")]
    public void A_body_that_is_no_outcome_is_invalid(string body) =>
        Assert.Throws<InvalidOutcomeException>(() => OutcomeReader.Read(InboundReader.Read(Encoding.UTF8.GetBytes(body), null), Outcomes.Host));

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("0")]
    public void An_all_zero_correlationId_is_the_senders_choice_and_is_read_as_run_reads_it(string nil)
    {
        var body = Raw.Replace("\"corr-1\"", $"\"{nil}\"", StringComparison.Ordinal);

        var outcome = OutcomeReader.Read(InboundReader.Read(Encoding.UTF8.GetBytes(body), null), Outcomes.Host);

        Assert.Equal(nil, outcome.CorrelationId);
    }

    [Theory]
    [InlineData("volumeId", "\"vol-1\"")]
    [InlineData("attachmentId", "null")]
    public void A_nil_volume_or_attachment_id_is_invalid_as_run_refuses_it(string field, string valid)
    {
        var body = Raw.Replace($"\"{field}\":{valid}", $"\"{field}\":\"00000000-0000-0000-0000-000000000000\"", StringComparison.Ordinal);
        Assert.NotEqual(Raw, body);

        var error = Assert.Throws<InvalidOutcomeException>(() => OutcomeReader.Read(InboundReader.Read(Encoding.UTF8.GetBytes(body), null), Outcomes.Host));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_name_in_another_case_is_an_unknown_key_ignored_as_run_ignores_it()
    {
        var body = Raw[..^1] + ",\"Host\":\"compute-09\",\"NEWSIZEBYTES\":1}";

        var outcome = OutcomeReader.Read(InboundReader.Read(Encoding.UTF8.GetBytes(body), null), Outcomes.Host);

        Assert.Equal((Outcomes.Host, 12L << 30), (outcome.Host, outcome.NewSizeBytes));
    }

    [Fact]
    public void A_field_given_only_in_another_case_is_missing()
    {
        var body = Raw.Replace("\"host\":", "\"Host\":", StringComparison.Ordinal);

        Assert.Throws<InvalidOutcomeException>(() => OutcomeReader.Read(InboundReader.Read(Encoding.UTF8.GetBytes(body), null), Outcomes.Host));
    }

    [Fact]
    public void A_device_outside_dev_is_invalid()
    {
        var body = Raw.Replace("/dev/dm-3", "/etc/passwd", StringComparison.Ordinal);

        Assert.Throws<InvalidOutcomeException>(() => OutcomeReader.Read(InboundReader.Read(Encoding.UTF8.GetBytes(body), null), Outcomes.Host));
    }
}
