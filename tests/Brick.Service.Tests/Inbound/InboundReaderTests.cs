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
    [InlineData("""{"volumeId":"v1"}""", "text/plain", "text/plain is not accepted")]
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
    public void A_body_larger_than_the_limit_is_refused_unread()
    {
        var body = new byte[InboundReader.MaxBytes + 1];

        Assert.Equal("The body is larger than 1 MiB.", InboundReader.Read(body, null).Problem);
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
