using System.Text;
using Brick.Contracts;
using Brick.Engine.Requests;
using Brick.Service.Inbound;

namespace Brick.Service.Tests.Inbound;

/// <summary>The one reader of request bodies: raw JSON, the MassTransit envelope, its ids, its limits, and what is refused.</summary>
public sealed class InboundReaderTests
{
    private const string Envelope = """{"messageId":"m-1","correlationId":"c-1","messageType":["urn:message:Brick.Contracts:VolumeExtended"],"message":{"volumeId":"v1"}}""";

    private static InboundRequest Read(string body, string? contentType) => InboundReader.Read(Encoding.UTF8.GetBytes(body), contentType);

    [Fact]
    public void Raw_json_without_a_content_type_is_the_request_itself()
    {
        var request = Read("""{"volumeId":"v1"}""", null);

        Assert.Null(request.Problem);
        Assert.Equal("v1", request.Message!.Value.GetProperty("volumeId").GetString());
    }

    [Fact]
    public void An_envelope_gives_its_message_and_its_ids()
    {
        var request = Read(Envelope, "application/vnd.masstransit+json; charset=utf-8");

        Assert.Equal("v1", request.Message!.Value.GetProperty("volumeId").GetString());
        Assert.Equal(("c-1", "m-1"), (request.CorrelationId, request.MessageId));
    }

    [Fact]
    public void A_body_with_no_content_type_is_an_envelope_when_it_has_an_envelope_s_fields()
    {
        var envelope = InboundReader.Read(Encoding.UTF8.GetBytes(Envelope));
        var raw = InboundReader.Read(Encoding.UTF8.GetBytes("""{"volumeId":"v1","message":{"volumeId":"v2"}}"""));

        Assert.Equal(("v1", "c-1"), (envelope.Message!.Value.GetProperty("volumeId").GetString(), envelope.CorrelationId));
        Assert.Equal("v1", raw.Message!.Value.GetProperty("volumeId").GetString());
    }

    [Theory]
    [InlineData("not json", null, "not valid JSON")]
    [InlineData("", null, "not valid JSON")]
    [InlineData("{\"volumeId\": ", null, "not valid JSON")]
    [InlineData("{} trailing", null, "not valid JSON")]
    [InlineData("null", "application/json", "not a JSON object")]
    [InlineData("[1,2]", null, "not a JSON object")]
    [InlineData("""{"message":42}""", "application/vnd.masstransit+json", "no message object")]
    [InlineData("[]", "application/vnd.masstransit+json", "envelope is not a JSON object")]
    public void Anything_else_is_named_and_has_no_request(string text, string? contentType, string problem)
    {
        var request = Read(text, contentType);

        Assert.Null(request.Message);
        Assert.Contains(problem, request.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_input_is_refused_not_crashed_on()
    {
        var request = Read("{\"volumeId\":" + new string('[', 5000) + new string(']', 5000) + "}", null);

        Assert.Contains("not valid JSON", request.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_larger_than_the_limit_is_refused_unread_64_KiB_by_default()
    {
        var body = new byte[64 * 1024 + 1]; // zeros: not JSON, so "unread" shows in the problem named

        Assert.Equal(64 * 1024, InboundReader.DefaultMaxBytes);
        Assert.Equal("The body is 65537 bytes, more than the 65536 accepted.", InboundReader.Read(body, null).Problem);
        Assert.Equal("The body is 2049 bytes, more than the 2048 accepted.", InboundReader.Read(new byte[2049], null, maxBytes: 2048).Problem);
    }

    [Fact]
    public void A_body_at_the_limit_is_read()
    {
        var padding = new string(' ', 2048 - """{"volumeId":"v1"}""".Length);

        Assert.Null(InboundReader.Read(Encoding.UTF8.GetBytes("""{"volumeId":"v1"}""" + padding), null, maxBytes: 2048).Problem);
    }

    [Theory]
    [InlineData("""{"volumeId":"v1","volumeId":"v2"}""")]
    [InlineData("""{"connection":{"data":{"target_lun":1,"target_lun":2}}}""")]
    [InlineData("""{"connection":{"data":{"target_portals":[{"a":1,"a":1}]}}}""")]
    [InlineData("""{"messageType":[],"message":{"host":"a"},"message":{"host":"b"}}""")]
    [InlineData("""{"volumeId":"v1","volume\u0049d":"v2"}""")]
    public void A_key_given_twice_at_any_depth_is_refused_as_InvalidRequest(string body)
    {
        var request = Read(body, null);

        Assert.Null(request.Message);
        Assert.Contains("not valid JSON", request.Problem, StringComparison.Ordinal);
        Assert.Equal(ResizeFailureReason.InvalidRequest, request.Validate(new RequestValidator("compute-07")).Reason);
    }

    [Fact]
    public void Another_content_type_is_refused_but_its_volume_and_host_are_read_for_the_refusal()
    {
        var request = Read("""{"volumeId":"v1","host":"compute-07","newSizeBytes":1024}""", "text/plain");
        var validation = request.Validate(new RequestValidator("compute-07"));

        Assert.Contains("text/plain is not accepted", request.Problem, StringComparison.Ordinal);
        Assert.Equal(ResizeFailureReason.InvalidRequest, validation.Reason);
        Assert.Equal(("v1", "compute-07"), (validation.Identity.VolumeId, validation.Identity.Host));
    }

    [Fact]
    public void Another_content_type_in_an_envelope_keeps_its_ids_and_a_hostile_content_type_is_quoted_printably()
    {
        var request = Read(Envelope, "text/x\u202Eevil\nINFO forged");

        Assert.Equal(("c-1", "m-1"), (request.CorrelationId, request.MessageId));
        Assert.DoesNotContain('\n', request.Problem!);
        Assert.DoesNotContain('\u202E', request.Problem!);
    }

    [Theory]
    [InlineData("c-1\nINFO forged line")]
    [InlineData("c-1\u2028forged")]
    [InlineData("c-1\u202Egnp.exe")]
    [InlineData("with space")]
    [InlineData("")]
    public void An_envelope_id_that_could_forge_a_log_line_is_not_used(string id)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new { messageId = id, correlationId = id, messageType = Array.Empty<string>(), message = new { volumeId = "v1" } });

        var request = Read(body, "application/vnd.masstransit+json");

        Assert.Equal((null, null), (request.CorrelationId, request.MessageId));
        Assert.Equal("v1", request.Message!.Value.GetProperty("volumeId").GetString());
    }

    [Fact]
    public void An_id_of_printable_ASCII_up_to_128_characters_is_kept()
    {
        Assert.True(InboundIds.IsSafe("5e3f8a12-0c4b-4e7d-9a61-2b8c7d4e1f09"));
        Assert.True(InboundIds.IsSafe(new string('a', 128)));
        Assert.False(InboundIds.IsSafe(new string('a', 129)));
    }

    [Fact]
    public void A_body_that_holds_no_request_validates_as_InvalidRequest_saying_why()
    {
        var validation = Read("not json", null).Validate(new RequestValidator("compute-07"));

        Assert.Equal(ResizeFailureReason.InvalidRequest, validation.Reason);
        Assert.StartsWith("The body is not valid JSON", validation.Detail, StringComparison.Ordinal);
        Assert.Equal(RequestIdentity.Unknown, validation.Identity);
    }

    [Fact]
    public void An_envelope_s_message_is_validated_as_the_request()
    {
        var validation = Read("""{"messageType":[],"message":{"volumeId":"v1","host":"elsewhere"}}""", "application/vnd.masstransit+json")
            .Validate(new RequestValidator("compute-07"));

        Assert.Equal(ResizeFailureReason.Misrouted, validation.Reason);
        Assert.Equal(("v1", "elsewhere"), (validation.Identity.VolumeId, validation.Identity.Host));
    }
}
